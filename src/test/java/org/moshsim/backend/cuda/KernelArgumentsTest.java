package org.moshsim.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.moshsim.backend.cuda.DeviceMemory.Element;

/**
 * Every launch is checked against the kernel's declared parameters before it reaches the driver, so a wrong launch
 * fails with a message instead of corrupting device memory. The check needs no GPU: nothing here allocates.
 */
class KernelArgumentsTest {
    private final DeviceMemory partials = new DeviceMemory("error partial sums", Element.DOUBLE);
    private final DeviceMemory offsets = new DeviceMemory("plan's offsets", Element.INT);

    @Test
    void argumentsOfTheDeclaredTypesPass() {
        Kernel.SUM_PARTIALS.check(partials, 7, partials);
        Kernel.FILL_UNIFORM.check(new DeviceMemory("peer matrix", Element.FLOAT), 8L, 3, 42L, -1.0, 1.0);
    }

    @Test
    void aMissingArgumentIsNamedWithTheSignature() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> Kernel.SUM_PARTIALS.check(partials, 7));
        assertEquals("kernel sum_partials (cuda-kernels/reduce.cu) takes 3 arguments (double*, int, double*), the launch passes 2",
                error.getMessage());
    }

    @Test
    void aScalarOfTheWrongWidthIsRefused() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> Kernel.SUM_PARTIALS.check(partials, 7L, partials));
        assertEquals("kernel sum_partials (cuda-kernels/reduce.cu): argument 2 of 3 must be int, the launch passes a Long (7)",
                error.getMessage());
    }

    @Test
    void memoryOfTheWrongElementTypeIsRefused() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> Kernel.SUM_PARTIALS.check(offsets, 7, partials));
        assertEquals("kernel sum_partials (cuda-kernels/reduce.cu): argument 1 of 3 must be double*, the launch passes "
                + "the plan's offsets (int*)", error.getMessage());
    }

    @Test
    void nullIsRefused() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> Kernel.SUM_PARTIALS.check(partials, 7, null));
        assertEquals("kernel sum_partials (cuda-kernels/reduce.cu): argument 3 of 3 must be double*, the launch passes null",
                error.getMessage());
    }

    @Test
    void anUploadOfTheWrongElementTypeIsRefusedBeforeItReachesTheDevice() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> offsets.upload(new double[] {1.0}));
        assertEquals("the plan's offsets holds int, not double", error.getMessage());
    }
}
