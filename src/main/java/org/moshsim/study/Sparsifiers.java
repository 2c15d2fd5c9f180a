package org.moshsim.study;

import org.moshsim.backend.cuda.CudaSparsification;
import org.moshsim.compress.ArcTopK;
import org.moshsim.compress.CollectiveCompressor;
import org.moshsim.compress.RandK;
import org.moshsim.compress.TopK;

/** Where a study's sparsifiers run: the CPU ({@code compress}) or the GPU, which gives the same bits. */
interface Sparsifiers {
    CollectiveCompressor topK(TopK spec);

    CollectiveCompressor randK(RandK spec);

    CollectiveCompressor arcTopK(ArcTopK spec);

    Sparsifiers CPU = new Sparsifiers() {
        @Override
        public CollectiveCompressor topK(TopK spec) {
            return CollectiveCompressor.perPeer(spec);
        }

        @Override
        public CollectiveCompressor randK(RandK spec) {
            return CollectiveCompressor.perPeer(spec);
        }

        @Override
        public CollectiveCompressor arcTopK(ArcTopK spec) {
            return spec;
        }
    };

    /** The GPU's kernels ({@link CudaSparsification}); the caller closes it. */
    static Sparsifiers on(CudaSparsification gpu) {
        return new Sparsifiers() {
            @Override
            public CollectiveCompressor topK(TopK spec) {
                return gpu.topK(spec);
            }

            @Override
            public CollectiveCompressor randK(RandK spec) {
                return gpu.randK(spec);
            }

            @Override
            public CollectiveCompressor arcTopK(ArcTopK spec) {
                return gpu.arcTopK(spec);
            }
        };
    }
}
