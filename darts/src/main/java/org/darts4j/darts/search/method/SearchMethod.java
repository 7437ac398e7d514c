package org.darts4j.darts.search.method;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;
import java.util.Locale;
import org.darts4j.darts.run.Ranges;

/**
 * How a search relaxes the choice of an operation on each edge of a cell. All three share the supernet (stem, cells,
 * mixed operations of the eight primitives, head), the bilevel problem min_α L_val(w*(α), α) and the search loop; they
 * differ in what an edge computes and in how the genotype is read off the architecture:
 * <ul>
 *   <li>{@link Darts} (Liu et al., ICLR 2019): every operation on every edge, ō_e(x) = Σ_k softmax(α_e)_k o_k(x).</li>
 *   <li>{@link PcDarts} (Xu et al., ICLR 2020): the mixed operation on 1/K of the channels only, the rest bypassing it,
 *       and an edge normalisation β.</li>
 *   <li>{@link Gdas} (Dong and Yang, CVPR 2019): one operation per edge, drawn by a hard Gumbel-softmax sample, with a
 *       straight-through gradient to α.</li>
 * </ul>
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "name")
@JsonSubTypes({@JsonSubTypes.Type(value = SearchMethod.Darts.class, name = "darts"),
        @JsonSubTypes.Type(value = SearchMethod.PcDarts.class, name = "pc-darts"),
        @JsonSubTypes.Type(value = SearchMethod.Gdas.class, name = "gdas")})
public sealed interface SearchMethod {
    /** The names {@code --method} accepts. */
    List<String> NAMES = List.of("darts", "pc-darts", "gdas");

    /** The command-line name: darts, pc-darts or gdas. */
    String label();

    /** A one-line description with the options, for logs. */
    String describe();

    /** DARTS: ō_e(x) = Σ_k p_{e,k} o_k(x), p_e = softmax(α_e); node i = Σ_{j<i} ō_{(i,j)}(x_j). */
    record Darts() implements SearchMethod {
        @Override public String label() { return "darts"; }
        @Override public String describe() { return "DARTS"; }
    }

    /**
     * PC-DARTS with K = {@code partialChannels}: on edge e with input x of c channels and q = c/K,
     * <pre>  f_e(x) = shuffle_K( cat( Σ_k p_{e,k} o_k(x[:, :q]),  bypass_s(x[:, q:]) ) )</pre>
     * (bypass the identity at stride 1, a 2x2 max pool at stride 2; shuffle_K the channel shuffle of K groups), and
     * node i = Σ_j b_{(i,j)} f_{(i,j)}(x_j) with b = softmax of β over the edges entering node i (edge
     * normalisation). Without edge normalisation b ≡ 1: with K = 1 that is DARTS.
     */
    record PcDarts(int partialChannels, boolean edgeNormalization) implements SearchMethod {
        /** The authors' K (hard-coded in their mixed operation). */
        public static final int DEFAULT_PARTIAL_CHANNELS = 4;

        public PcDarts {
            Ranges.atLeast("--partial-channels", partialChannels, 1);
        }

        @Override public String label() { return "pc-darts"; }

        @Override public String describe() {
            return "PC-DARTS (1/" + partialChannels + " of the channels, edge normalisation " + (edgeNormalization ? "on" : "off") + ")";
        }
    }

    /**
     * GDAS: per forward pass and cell type, Gumbel noise G (G = −log E, E ~ Exp(1)) and the temperature τ give
     * <pre>  h_e = one_hot(argmax_k π_{e,k}) − sg(π_e) + π_e,   π_e = softmax((log softmax(α_e) + G_e) / τ)</pre>
     * and edge e computes only its selected operation k* = argmax π_e: ō_e(x) = h_{e,k*} · o_{k*}(x). The value of
     * h is one-hot; its gradient is that of π (straight-through). τ falls linearly from {@code tauMax} in the first
     * epoch to {@code tauMin} in the last (10 to 0.1 in the paper).
     */
    record Gdas(double tauMax, double tauMin) implements SearchMethod {
        /** The paper's schedule: τ from 10 to 0.1. */
        public static final double DEFAULT_TAU_MAX = 10, DEFAULT_TAU_MIN = 0.1;

        public Gdas {
            Ranges.positive("--tau-max", tauMax);
            Ranges.positive("--tau-min", tauMin);
            if (tauMin > tauMax) throw new IllegalArgumentException("--tau-min " + plain(tauMin) + " is above --tau-max " + plain(tauMax)
                    + ": the temperature anneals downwards");
        }

        @Override public String label() { return "gdas"; }

        @Override public String describe() { return "GDAS (τ from " + plain(tauMax) + " to " + plain(tauMin) + ")"; }

        private static String plain(double v) { return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString(); }

        /** τ of epoch {@code epoch} (from 0) of {@code epochs}: τ_max − (τ_max − τ_min)·epoch/(epochs − 1); τ_max for one epoch. */
        public double tau(int epoch, int epochs) {
            return epochs <= 1 ? tauMax : tauMax - (tauMax - tauMin) * epoch / (epochs - 1);
        }
    }

    /** The method {@code name} names, with its options (the others' options are ignored). */
    static SearchMethod of(String name, int partialChannels, boolean edgeNormalization, double tauMax, double tauMin) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "darts" -> new Darts();
            case "pc-darts", "pcdarts" -> new PcDarts(partialChannels, edgeNormalization);
            case "gdas" -> new Gdas(tauMax, tauMin);
            default -> throw new IllegalArgumentException("unknown search method '" + name + "': expected one of " + NAMES);
        };
    }
}
