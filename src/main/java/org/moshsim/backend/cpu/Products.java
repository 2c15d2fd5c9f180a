package org.moshsim.backend.cpu;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.util.function.Consumer;

/**
 * The dense products of {@link ModelKernels} on one block of examples. Activations are stored example-minor
 * ({@code aT[k * stride + i]}, example i of feature k; stride a multiple of {@link #lanes()}), so an affine layer's
 * outputs are vectors along the examples; the gradient's left factor is also kept example-major
 * ({@code a[i * inner + k]}), so its sums are vectors along the features.
 *
 * <p>Both implementations add every sum's terms in the same order, ascending k for an output and ascending i for a
 * gradient entry, each product rounded before it is added (no fused multiply-add): the vector lanes only compute
 * independent sums side by side. So they agree to the bit with each other, with the scalar loops they replaced and
 * with the CUDA kernels' sums (cuda-kernels/training.cu).
 */
sealed interface Products permits ScalarProducts, VectorProducts {
    /** The system property that picks {@code scalar} products even where the vector module is present. */
    String PROPERTY = "moshsim.kernels";

    /**
     * Scalar loops now; where the JVM has jdk.incubator.vector, compiles with C2 and the property does not say
     * {@code scalar}, the Vector API's products are warmed up on a background thread and handed to {@code upgrade}
     * once C2 has compiled them (within a minute, or never). Until then they would run thousands of times slower
     * than the scalar loops, and under C1 alone (-XX:TieredStopAtLevel below 4) they always would. Both give the
     * same bits, so the switch changes no result.
     */
    static Products fastest(Consumer<Products> upgrade) {
        boolean vector = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
                && !"scalar".equals(System.getProperty(PROPERTY)) && optimizingCompiler();
        if (vector) {
            Thread warmUp = new Thread(() -> {
                try {
                    // By name, so that no Vector API class is ever loaded on a JVM without the module.
                    Class<?> products = Class.forName("org.moshsim.backend.cpu.VectorProducts");
                    if ((Boolean) products.getDeclaredMethod("warmUp", double.class).invoke(null, 60.0)) {
                        upgrade.accept((Products) products.getDeclaredConstructor().newInstance());
                    }
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("jdk.incubator.vector is present but its products cannot be made", e);
                }
            }, "moshsim-vector-warm-up");
            warmUp.setDaemon(true);
            warmUp.setPriority(Thread.MIN_PRIORITY);
            warmUp.start();
        }
        return new ScalarProducts();
    }

    /** Whether HotSpot compiles hot code with C2: tiered up to level 4, or C2 alone. */
    private static boolean optimizingCompiler() {
        HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        if (vm == null) {
            return true;
        }
        return !Boolean.parseBoolean(vm.getVMOption("TieredCompilation").getValue())
                || Integer.parseInt(vm.getVMOption("TieredStopAtLevel").getValue()) >= 4;
    }

    /** Short name, for benchmarks and run provenance. */
    String name();

    /** Examples are padded to a multiple of this in the example-minor buffers. */
    int lanes();

    /**
     * {@code outT[c][i] = b[c] + sum_k aT[k][i] w[k][c]} for i < rows (lanes up to the padded stride may be written
     * too), with w[inner][cols] at params[wAt] and b at params[biasAt] (none when biasAt < 0).
     */
    void affine(double[] aT, int stride, int rows, int inner, double[] params, int wAt, int biasAt, double[] outT, int cols);

    /**
     * Affine's backward pass: {@code g[wAt + k cols + c] += sum_i a[i][k] dT[c][i]} and, unless biasAt < 0,
     * {@code g[biasAt + c] += sum_i dT[c][i]}, with a example-major (rows x inner).
     */
    void accumulate(double[] a, int rows, int inner, double[] dT, int stride, int cols, double[] g, int wAt, int biasAt);

    /**
     * The MLP's hidden gradients {@code dhT[m][i] = (sum_c zT[c][i] W2[m][c]) (1 - hT[m][i]^2)}: dLoss/dlogits back
     * through the second layer (W2[hidden][classes] at params[w2At]) and tanh, from the stored activations.
     */
    void hiddenGradient(double[] zT, double[] hT, int stride, int rows, int hidden, int classes, double[] params, int w2At,
                        double[] dhT);
}
