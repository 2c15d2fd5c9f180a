package org.moshsim.backend;

import java.util.concurrent.ForkJoinPool;
import org.moshsim.BadInput;
import org.moshsim.backend.cpu.CpuBackend;
import org.moshsim.backend.cuda.Cuda;
import org.moshsim.backend.cuda.CudaBackend;

/** Chooses the backend for {@code --backend cpu|cuda|auto}. */
public final class Backends {
    /** The chosen backends, and for {@code auto} a line saying why this one. */
    public record Choice(BackendFactory factory, String note) {
    }

    public static final BackendFactory CPU = new BackendFactory() {
        @Override
        public String name() {
            return "cpu";
        }

        @Override
        public Backend open(ForkJoinPool pool) {
            return new CpuBackend(pool);
        }

        @Override
        public boolean concurrentRuns() {
            return true;
        }
    };

    /** One GPU; its runs go one after another, each using the whole device. */
    public static final BackendFactory CUDA = new BackendFactory() {
        @Override
        public String name() {
            return "cuda";
        }

        @Override
        public Backend open(ForkJoinPool pool) {
            return CudaBackend.open();
        }

        @Override
        public boolean concurrentRuns() {
            return false;
        }
    };

    private Backends() {
    }

    /** {@code cpu}, {@code cuda} (bad input without a usable GPU) or {@code auto} (CUDA when usable, else the CPU). */
    public static Choice choose(String requested) {
        switch (requested) {
            case "cpu":
                return new Choice(CPU, null);
            case "cuda": {
                Cuda.Status status = Cuda.status();
                if (!status.usable()) {
                    throw new BadInput("--backend cuda: CUDA is not usable here: " + status.reason() + "; use --backend cpu or auto");
                }
                return new Choice(CUDA, null);
            }
            case "auto": {
                Cuda.Status status = Cuda.status();
                return status.usable() ? new Choice(CUDA, "backend: cuda (" + status.gpus().get(0).name() + ")")
                        : new Choice(CPU, "backend: cpu (CUDA is not usable: " + status.reason() + ")");
            }
            default:
                throw new BadInput("--backend: '" + requested + "' is not allowed; expected cpu, cuda or auto");
        }
    }
}
