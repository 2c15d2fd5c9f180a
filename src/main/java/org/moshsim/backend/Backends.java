package org.moshsim.backend;

import java.util.concurrent.ForkJoinPool;
import org.moshsim.BadInput;
import org.moshsim.backend.cpu.CpuBackend;

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

    private Backends() {
    }

    public static Choice choose(String requested) {
        switch (requested) {
            case "cpu":
                return new Choice(CPU, null);
            case "cuda":
                throw new BadInput("--backend cuda: this build of moshsim has no CUDA backend; use --backend cpu or auto");
            case "auto":
                return new Choice(CPU, "backend: cpu (this build of moshsim has no CUDA backend)");
            default:
                throw new BadInput("--backend: '" + requested + "' is not allowed; expected cpu, cuda or auto");
        }
    }
}
