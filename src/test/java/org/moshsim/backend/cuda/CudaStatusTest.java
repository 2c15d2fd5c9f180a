package org.moshsim.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.moshsim.BadInput;
import org.moshsim.backend.Backends;

/** What every machine, with or without a GPU, must get from the CUDA probe: facts, never an exception. */
class CudaStatusTest {
    @Test
    void theProbeNeverThrowsAndSaysWhyNot() {
        Cuda.Status status = Cuda.status();
        assertNotNull(status.kernels());
        assertNotNull(status.cublas());
        if (!status.usable()) {
            assertFalse(status.reason().isBlank());
            assertEquals(-1, status.reason().indexOf('\n'), "one line: " + status.reason());
        } else {
            assertFalse(status.gpus().isEmpty());
        }
    }

    @Test
    void kernelsAreListedWhenTheJarHoldsThem() {
        Fatbins fatbins = Fatbins.inJar();
        boolean built = Fatbins.class.getResource("/kernels/kernels.properties") != null;
        assertEquals(built, fatbins != null);
        if (fatbins != null) {
            assertEquals(Kernel.families(), java.util.Set.copyOf(fatbins.families()));
            for (String family : fatbins.families()) {
                assertTrue(fatbins.fatbin(family).length > 0);
            }
        }
    }

    @Test
    void backendSelectionFollowsTheProbe() {
        Cuda.Status status = Cuda.status();
        Backends.Choice auto = Backends.choose("auto");
        assertEquals(status.usable() ? "cuda" : "cpu", auto.factory().name());
        if (!status.usable()) {
            assertTrue(auto.note().startsWith("backend: cpu (CUDA is not usable: "), auto.note());
            BadInput error = assertThrows(BadInput.class, () -> Backends.choose("cuda"));
            assertTrue(error.getMessage().startsWith("--backend cuda: CUDA is not usable here: "), error.getMessage());
        }
    }
}
