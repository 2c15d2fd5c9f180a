package org.moshsim.backend.cuda;

import static org.moshsim.backend.cuda.Kernel.Parameter.DOUBLE;
import static org.moshsim.backend.cuda.Kernel.Parameter.DOUBLES;
import static org.moshsim.backend.cuda.Kernel.Parameter.FLOATS;
import static org.moshsim.backend.cuda.Kernel.Parameter.INT;
import static org.moshsim.backend.cuda.Kernel.Parameter.INTS;
import static org.moshsim.backend.cuda.Kernel.Parameter.LONG;
import static org.moshsim.backend.cuda.Kernel.Parameter.LONGS;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.moshsim.backend.cuda.DeviceMemory.Element;

/**
 * Every CUDA kernel the backend launches: its family (the cuda-kernels/*.cu file and the fatbin built from it) and
 * its parameter types in the order of its {@code extern "C" __global__} signature. The one list: {@link CudaDevice}
 * loads the families and looks every kernel up from it, each launch is checked against it, and
 * KernelSignaturesTest compares it with the .cu sources. The kernel's C name is the constant's name in lower case.
 */
enum Kernel {
    ROUND_TRIP_FLOAT16("compress", FLOATS, FLOATS, INTS, INT, INT),
    ROUND_TRIP_BLOCKWISE8("compress", FLOATS, FLOATS, INTS, INT, INT, INT),
    ROUND_TRIP_GROUP("compress", FLOATS, FLOATS, INTS, INT, INT, INT, INT),

    FILL_NORMAL("fill", FLOATS, LONG, INT, LONG, DOUBLE, DOUBLE),
    FILL_UNIFORM("fill", FLOATS, LONG, INT, LONG, DOUBLE, DOUBLE),
    FILL_ONES("fill", DOUBLES, LONG),
    FILL_ROWS("fill", FLOATS, DOUBLES, FLOATS, LONG, INT),

    GRADIENT_CONTRIBUTIONS("gradients", DOUBLES, INTS, INTS, DOUBLES, DOUBLES, DOUBLES, FLOATS, DOUBLES, INT),
    GROUP_MEANS("gradients", FLOATS, INTS, FLOATS, INT),
    FEEDBACK_INPUTS("gradients", INT, FLOATS, FLOATS, FLOATS, INTS, INTS, DOUBLE, FLOATS, LONG, INT),
    FEEDBACK_OUTPUTS("gradients", INT, FLOATS, FLOATS, FLOATS, INTS, FLOATS, LONG, INT),
    TWO_STEP_SHARDS("gradients", FLOATS, FLOATS, INTS, INTS, INT, INT, INT),
    TWO_STEP_REDUCE("gradients", FLOATS, FLOATS, INTS, FLOATS, INT),
    TWO_STEP_GATHER("gradients", FLOATS, FLOATS, INTS, INT, INT, INT),
    FLOAT16_RING("gradients", FLOATS, INTS, FLOATS, INT),
    GRADIENT_STEPS("gradients", FLOATS, DOUBLES, INTS, FLOATS, INTS, DOUBLE, LONG, INT),
    STEP_ALONE("gradients", FLOATS, DOUBLES, DOUBLES, INTS, DOUBLES, DOUBLE, LONG, INT),
    SERVE_PARAMETERS("gradients", FLOATS, DOUBLES, FLOATS, FLOATS, INTS, INT, INT, DOUBLE, INTS, INT, INT, INT, INT),
    AGGREGATE_ERRORS("gradients", FLOATS, DOUBLES, INTS, DOUBLES, INT, INT),

    GROUP_AVERAGE("group_average", FLOATS, DOUBLES, INTS, INTS, FLOATS, INT),
    GROUP_AVERAGE4("group_average", FLOATS, DOUBLES, INTS, INTS, FLOATS, INT),

    LOSSY_GROUP_AVERAGE("lossy", FLOATS, INTS, INTS, INTS, LONGS, INTS, INT, INT, INT, FLOATS, INT),
    LOSSY_GROUP_COMMIT("lossy", FLOATS, DOUBLES, INTS, INTS, FLOATS, INT),
    LOSSY_MIX_ROWS("lossy", FLOATS, DOUBLES, INTS, INTS, DOUBLES, FLOATS, DOUBLES, INTS, FLOATS, INTS, INT, INT, INT, INT),
    LOSSY_GRADIENTS("lossy", FLOATS, INTS, INTS, LONGS, INTS, INT, INT, INT, INT, FLOATS, INT),

    MIX_ROWS("mixing", FLOATS, DOUBLES, INTS, INTS, DOUBLES, FLOATS, DOUBLES, INTS, FLOATS, INT, INT),
    SCATTER_ROWS("mixing", FLOATS, DOUBLES, INTS, FLOATS, DOUBLES, INT),

    COLUMN_MEANS("reduce", FLOATS, DOUBLES, LONG, INT, DOUBLES),
    MSE_PARTIALS("reduce", FLOATS, DOUBLES, DOUBLES, LONG, INT, DOUBLES),
    SUM_PARTIALS("reduce", DOUBLES, INT, DOUBLES),

    TOP_K_ROWS("sparsify", FLOATS, FLOATS, INT, INT),
    SCATTER_KEPT("sparsify", FLOATS, FLOATS, INTS, INT, LONG, INT, DOUBLE),
    ARC_SKETCHES("sparsify", FLOATS, DOUBLES, DOUBLES, LONG, INT, INT, INT, INT),
    SUM_SKETCHES("sparsify", DOUBLES, DOUBLES, INTS, INT, INT),
    KEEP_ROWS("sparsify", FLOATS, FLOATS, INTS, INTS, LONG, INT, INT, INT),

    LOCAL_STEPS("training", FLOATS, DOUBLES, INTS, INTS, INTS, INTS, DOUBLES, FLOATS, FLOATS, INT, INT, INT, INT, DOUBLE, INT,
            INT, DOUBLES),
    ACCUMULATE_GRADIENTS("training", FLOATS, DOUBLES, INTS, INTS, INTS, INTS, FLOATS, FLOATS, INT, INT, INT, INT, DOUBLE, INT,
            INT, DOUBLES, DOUBLES),
    EVALUATE_PARTIALS("training", DOUBLES, FLOATS, FLOATS, INT, INT, INT, INT, INT, DOUBLES, DOUBLES);

    /**
     * A kernel parameter's type: a pointer to device memory of one element type (signedness and const aside), or a
     * scalar passed by value, whose Java argument is its boxed type.
     */
    enum Parameter {
        FLOATS(Element.FLOAT), DOUBLES(Element.DOUBLE), INTS(Element.INT), LONGS(Element.LONG), BYTES(Element.BYTE),
        INT("int", Integer.class), LONG("long long", Long.class), FLOAT("float", Float.class), DOUBLE("double", Double.class);

        /** The C type, as KernelSignaturesTest reads it from a signature without const, signed or unsigned. */
        final String c;
        private final Element element;
        private final Class<?> scalar;

        Parameter(Element element) {
            this.c = element.c + "*";
            this.element = element;
            this.scalar = null;
        }

        Parameter(String c, Class<?> scalar) {
            this.c = c;
            this.element = null;
            this.scalar = scalar;
        }

        /** Whether a launch may pass {@code argument} here: device memory of this element type, or this scalar boxed. */
        boolean accepts(Object argument) {
            return element == null ? scalar.isInstance(argument)
                    : argument instanceof DeviceMemory memory && memory.element() == element;
        }
    }

    private final String family;
    private final List<Parameter> parameters;

    Kernel(String family, Parameter... parameters) {
        this.family = family;
        this.parameters = List.of(parameters);
    }

    /** The name of the kernel in its .cu file and fatbin. */
    String symbol() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The .cu file (without its extension) and the fatbin that hold the kernel. */
    String family() {
        return family;
    }

    List<Parameter> parameters() {
        return parameters;
    }

    /** Every family that some kernel is in, in order. */
    static Set<String> families() {
        return Stream.of(values()).map(Kernel::family).collect(Collectors.toCollection(TreeSet::new));
    }

    /** Throws, saying what is wrong, unless {@code arguments} match the parameters in number and type. */
    void check(Object... arguments) {
        if (arguments.length != parameters.size()) {
            throw new IllegalArgumentException(String.format("kernel %s takes %d arguments (%s), the launch passes %d", this,
                    parameters.size(), signature(), arguments.length));
        }
        for (int i = 0; i < arguments.length; i++) {
            if (!parameters.get(i).accepts(arguments[i])) {
                throw new IllegalArgumentException(String.format("kernel %s: argument %d of %d must be %s, the launch passes %s",
                        this, i + 1, arguments.length, parameters.get(i).c, describe(arguments[i])));
            }
        }
    }

    /** The parameter types as C writes them, e.g. "float*, int". */
    String signature() {
        return parameters.stream().map(p -> p.c).collect(Collectors.joining(", "));
    }

    /** The kernel as messages name it: "group_average (cuda-kernels/group_average.cu)". */
    @Override
    public String toString() {
        return symbol() + " (cuda-kernels/" + family + ".cu)";
    }

    private static String describe(Object argument) {
        if (argument instanceof DeviceMemory memory) {
            return "the " + memory.what() + " (" + memory.element().c + "*)";
        }
        return argument == null ? "null" : "a " + argument.getClass().getSimpleName() + " (" + argument + ")";
    }
}
