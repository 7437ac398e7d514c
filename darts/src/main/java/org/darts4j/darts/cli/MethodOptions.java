package org.darts4j.darts.cli;

import org.darts4j.darts.search.method.SearchMethod;
import picocli.CommandLine.Option;

/** {@code --method darts|pc-darts|gdas} and each method's options, for {@code search} and {@code bench search-step}. */
final class MethodOptions {
    @Option(names = "--method", paramLabel = "darts|pc-darts|gdas",
            description = "The search: darts (every operation on every edge; default), pc-darts (partial channels and edge normalisation, Xu et al. 2020) "
                    + "or gdas (one operation per edge, sampled by a hard Gumbel softmax, Dong and Yang 2019).") String method;
    @Option(names = "--partial-channels", paramLabel = "K", description = "PC-DARTS: 1/K of the channels pass through the mixed operation (default 4).") Integer partialChannels;
    @Option(names = "--no-edge-normalization", description = "PC-DARTS without the edge weights β (every edge weighs 1).") boolean noEdgeNormalization;
    @Option(names = "--tau-max", description = "GDAS: the Gumbel-softmax temperature of the first epoch (default 10).") Double tauMax;
    @Option(names = "--tau-min", description = "GDAS: the temperature of the last epoch, reached linearly (default 0.1).") Double tauMin;
    @Option(names = "--warmup-epochs", description = "Epochs that train w only, α frozen, before the search proper (default 0; PC-DARTS' paper: 15 of 50).") Integer warmupEpochs;

    /** The method the options name ({@code fallback} when --method is absent); a method's options given to another are refused. */
    SearchMethod method(SearchMethod fallback) {
        String name = method != null ? method : fallback.label();
        SearchMethod m = SearchMethod.of(name, partialChannels != null ? partialChannels : SearchMethod.PcDarts.DEFAULT_PARTIAL_CHANNELS,
                !noEdgeNormalization, tauMax != null ? tauMax : SearchMethod.Gdas.DEFAULT_TAU_MAX, tauMin != null ? tauMin : SearchMethod.Gdas.DEFAULT_TAU_MIN);
        if (!(m instanceof SearchMethod.PcDarts) && (partialChannels != null || noEdgeNormalization))
            throw new IllegalArgumentException("--partial-channels and --no-edge-normalization are options of --method pc-darts, not " + m.label());
        if (!(m instanceof SearchMethod.Gdas) && (tauMax != null || tauMin != null))
            throw new IllegalArgumentException("--tau-max and --tau-min are options of --method gdas, not " + m.label());
        return m;
    }

    int warmupEpochs(int fallback) { return warmupEpochs != null ? warmupEpochs : fallback; }
}
