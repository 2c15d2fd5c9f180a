package org.moshsim.backend.cuda;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.moshsim.config.ProtocolSpec;

/** Tests that compare the GPU backend with the CPU: each test class opens it once and closes it after its last test. */
abstract class GpuBackendTest {
    protected static CudaBackend gpu;

    /** Skips the test, with the reason, where no GPU is usable. */
    @BeforeEach
    void openGpu() {
        assumeTrue(Cuda.status().usable(), () -> "no usable GPU: " + Cuda.status().reason());
        if (gpu == null) {
            gpu = CudaBackend.open();
        }
    }

    /** A protocol of each family by name, with small groups: push-sum, gossip, random-groups, moshpit, else all-reduce. */
    protected static ProtocolSpec spec(String protocol) {
        return switch (protocol) {
            case "push-sum" -> new ProtocolSpec.PushSum(protocol, 2);
            case "gossip" -> new ProtocolSpec.Gossip(protocol, 2);
            case "random-groups" -> new ProtocolSpec.RandomGroups(protocol, 8);
            case "moshpit" -> new ProtocolSpec.Moshpit(protocol, ProtocolSpec.Variant.GRID, List.of(8, 8));
            default -> new ProtocolSpec.AllReduce(protocol);
        };
    }

    @AfterAll
    static void closeGpu() {
        if (gpu != null) {
            gpu.close();
            gpu = null;
        }
    }
}
