package org.moshsim.backend.cuda;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;

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

    @AfterAll
    static void closeGpu() {
        if (gpu != null) {
            gpu.close();
            gpu = null;
        }
    }
}
