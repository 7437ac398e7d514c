package org.darts4j.darts.train;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;
import org.darts4j.darts.run.Ranges;

/** What a training run trains: a ResNet, the DARTS evaluation network of a genotype, or a random forest on the pixels. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({@JsonSubTypes.Type(value = Model.ResNet.class, name = "resnet"),
        @JsonSubTypes.Type(value = Model.DartsNetwork.class, name = "darts"),
        @JsonSubTypes.Type(value = Model.Forest.class, name = "random-forest")})
public sealed interface Model {
    /** The names {@code train --model} takes. */
    List<String> NAMES = List.of("resnet20", "resnet32", "resnet56", "resnet18", "small-resnet", "random-forest", "darts");

    /** Its name on the command line. */
    String label();

    /**
     * A ResNet (He et al. 2016): {@code resnet20}, {@code resnet32}, {@code resnet56} (CIFAR, option A shortcuts),
     * {@code resnet18} (small-image variant), or {@code small-resnet}: {@code blocks} per stage of base width {@code
     * width}, or the width whose parameter count is nearest {@code paramsLike} (0: off).
     */
    record ResNet(String variant, List<Integer> blocks, int width, long paramsLike) implements Model {
        public static final List<String> VARIANTS = List.of("resnet20", "resnet32", "resnet56", "resnet18", "small-resnet");

        public ResNet {
            if (!VARIANTS.contains(variant)) throw new IllegalArgumentException("unknown ResNet '" + variant + "': expected one of " + VARIANTS);
            blocks = blocks == null ? List.of(2, 2, 2) : List.copyOf(blocks);
            if (blocks.isEmpty() || blocks.stream().anyMatch(b -> b == null || b < 1))
                throw new IllegalArgumentException("--blocks: expected positive block counts per stage such as 2,2,2, got " + blocks);
            Ranges.atLeast("--width", width, 1);
            Ranges.atLeast("--params-like (0: off)", paramsLike, 0);
        }

        /** {@code variant} with a small ResNet's defaults: blocks 2,2,2, width 16. */
        public static ResNet of(String variant) { return new ResNet(variant, List.of(2, 2, 2), 16, 0); }

        @Override public String label() { return variant; }
    }

    /**
     * The evaluation network of a genotype (NetworkCIFAR of the reference): C initial channels, {@code layers} cells, an
     * auxiliary head after two thirds of them weighted {@code auxiliaryWeight} in the loss (0: none), drop path with a
     * probability ramped linearly from 0 to {@code dropPath} over the epochs.
     */
    record DartsNetwork(String genotype, int channels, int layers, double auxiliaryWeight, double dropPath) implements Model {
        public DartsNetwork {
            if (genotype == null || genotype.isBlank()) throw new IllegalArgumentException("model darts needs a genotype (--genotype FILE|FOLDER|DARTS_V1|DARTS_V2)");
            Ranges.atLeast("--channels", channels, 1);
            Ranges.atLeast("--layers", layers, 1);
            if (!(auxiliaryWeight >= 0)) throw new IllegalArgumentException("--auxiliary-weight must be at least 0, got " + auxiliaryWeight);
            if (!(dropPath >= 0 && dropPath < 1)) throw new IllegalArgumentException("--drop-path must be in [0, 1), got " + dropPath);
        }

        /** {@code genotype} at this machine's size: C 16, 8 cells, auxiliary weight 0.4, drop path 0.2 (the reference: C 36, 20 cells). */
        public static DartsNetwork of(String genotype) { return new DartsNetwork(genotype, 16, 8, 0.4, 0.2); }

        @Override public String label() { return "darts"; }
    }

    /** A random forest (Tribuo's CART trees) on the pixels as features: {@code trees} trees of depth at most {@code maxDepth}. */
    record Forest(int trees, int maxDepth) implements Model {
        public Forest {
            Ranges.atLeast("--trees", trees, 1);
            Ranges.atLeast("--max-depth", maxDepth, 1);
        }

        public static Forest of() { return new Forest(200, 12); }

        @Override public String label() { return "random-forest"; }
    }

    /** The model {@code name} with its defaults; {@code genotype} for {@code darts}. */
    static Model of(String name, String genotype) {
        if (name.equals("darts")) return DartsNetwork.of(genotype);
        if (name.equals("random-forest")) return Forest.of();
        if (ResNet.VARIANTS.contains(name)) return ResNet.of(name);
        throw new IllegalArgumentException("unknown model '" + name + "': expected one of " + NAMES);
    }
}
