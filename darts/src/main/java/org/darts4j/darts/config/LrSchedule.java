package org.darts4j.darts.config;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import org.darts4j.darts.run.Ranges;
import org.darts4j.nn.optim.Schedules;

/** How the weights' learning rate η₀ changes from epoch to epoch: cosine annealing, steps, or constant. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({@JsonSubTypes.Type(value = LrSchedule.Cosine.class, name = "cosine"),
        @JsonSubTypes.Type(value = LrSchedule.Step.class, name = "step"),
        @JsonSubTypes.Type(value = LrSchedule.Constant.class, name = "constant")})
public sealed interface LrSchedule {
    /** The schedule of {@code epochs} epochs starting at {@code lr0}. */
    Schedules.Schedule of(double lr0, int epochs);

    /** Its name on the command line. */
    String label();

    /** η(e) = η_min + (η₀ − η_min)(1 + cos(π e / T)) / 2 over T epochs (SGDR without restarts; the reference's). */
    record Cosine(double lrMin) implements LrSchedule {
        public Cosine { Ranges.atLeast("--lr-min", lrMin, 0); }

        @Override public Schedules.Schedule of(double lr0, int epochs) { return Schedules.cosine(lr0, epochs, lrMin); }

        @Override public String label() { return "cosine"; }
    }

    /** η(e) = η₀ γ^⌊e / stepSize⌋. */
    record Step(int stepSize, double gamma) implements LrSchedule {
        public Step {
            Ranges.atLeast("--step-size", stepSize, 1);
            Ranges.inLeftOpen("--gamma", gamma, 0, 1);
        }

        @Override public Schedules.Schedule of(double lr0, int epochs) { return Schedules.step(lr0, stepSize, gamma); }

        @Override public String label() { return "step"; }
    }

    /** η(e) = η₀. */
    record Constant() implements LrSchedule {
        @Override public Schedules.Schedule of(double lr0, int epochs) { return Schedules.constant(lr0); }

        @Override public String label() { return "constant"; }
    }

    /** {@code cosine} (to {@code lrMin}), {@code step} (every {@code stepSize} epochs by {@code gamma}) or {@code constant}. */
    static LrSchedule of(String name, double lrMin, int stepSize, double gamma) {
        return switch (name) {
            case "cosine" -> new Cosine(lrMin);
            case "step" -> new Step(stepSize, gamma);
            case "constant" -> new Constant();
            default -> throw new IllegalArgumentException("unknown schedule '" + name + "': expected cosine, step or constant");
        };
    }
}
