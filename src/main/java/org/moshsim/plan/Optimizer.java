package org.moshsim.plan;

/**
 * The rule by which a peer applies an aggregated gradient g at a global step ({@link GradientExchange}), at the step's
 * learning rate {@code lr}. Its state (momentum, moments, step count) is each peer's own: the backend keeps it next to
 * the peer's row, groups do not average it, and a returning peer downloads it with the parameters ({@link StateDownload}),
 * as the Moshpit authors' ALBERT peers do ({@code load_state_from_peers}).
 */
public sealed interface Optimizer {
    /** Plain SGD, {@code w -= lr g}: no state. */
    Optimizer SGD = new Sgd();

    /** Rows of {@code dim} values the optimizer keeps per peer (a returning peer downloads them with the parameters). */
    int stateRows();

    record Sgd() implements Optimizer {
        @Override
        public int stateRows() {
            return 0;
        }
    }

    /**
     * SGD with momentum as PyTorch's {@code torch.optim.SGD} (dampening 0): {@code b = g} at the first step, then
     * {@code b = momentum b + g}; {@code w -= lr (g + momentum b)} if Nesterov, else {@code w -= lr b}.
     */
    record Momentum(double momentum, boolean nesterov) implements Optimizer {
        public Momentum {
            if (!(momentum >= 0 && momentum < 1)) {
                throw new IllegalArgumentException("momentum " + momentum + " is not in [0, 1)");
            }
        }

        @Override
        public int stateRows() {
            return 1;
        }
    }

    /**
     * LAMB (You et al., ICLR 2020) as apex's {@code FusedLAMB}, the authors' ALBERT optimizer, with its defaults
     * (bias correction on, {@code use_nvlamb} off, no gradient clipping): per step t, {@code m = beta1 m + (1 - beta1) g},
     * {@code v = beta2 v + (1 - beta2) g^2}, {@code u = m^ / (sqrt(v^) + epsilon) + weightDecay w} with the bias-corrected
     * moments m^, v^; then per weight matrix {@code w -= lr r u} with the trust ratio {@code r = |w| / |u|} (1 when either
     * norm is 0). Biases take neither weight decay nor the trust ratio ({@code w -= lr u}): the authors exclude biases and
     * LayerNorm from decay, and apex applies the ratio only where there is decay, so with weight decay 0 this is Adam.
     */
    record Lamb(double beta1, double beta2, double epsilon, double weightDecay) implements Optimizer {
        public Lamb {
            if (!(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1 && epsilon > 0 && weightDecay >= 0)) {
                throw new IllegalArgumentException("LAMB needs betas in [0, 1), epsilon > 0 and weight decay >= 0");
            }
        }

        @Override
        public int stateRows() {
            return 2;
        }
    }
}
