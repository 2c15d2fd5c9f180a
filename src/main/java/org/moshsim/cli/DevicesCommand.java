package org.moshsim.cli;

import java.util.concurrent.Callable;
import org.moshsim.backend.cuda.Cuda;
import picocli.CommandLine.Command;

@Command(name = "devices", mixinStandardHelpOptions = true,
        description = "Lists the GPUs, the driver and CUDA versions, the CUDA kernels in the jar and cuBLAS, and says which backend auto picks.")
final class DevicesCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        Cuda.Status status = Cuda.status();
        System.out.println("CUDA: " + (status.usable() ? "usable" : "not usable: " + status.reason()));
        System.out.println("driver: " + (status.driver() == null ? "NVIDIA driver version unknown" : "NVIDIA " + status.driver())
                + (status.cuda() == null ? "" : ", supports CUDA " + status.cuda()));
        if (status.gpus().isEmpty()) {
            System.out.println("GPUs: none");
        }
        status.gpus().forEach(System.out::println);
        System.out.println("kernels: " + status.kernels());
        System.out.println("cuBLAS: " + status.cublas());
        System.out.println("--backend auto uses: " + (status.usable() ? "cuda" : "cpu"));
        return 0;
    }
}
