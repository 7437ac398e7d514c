package org.darts4j.autograd;

/**
 * Whether operations record the graph, per thread. {@code try (var s = GradMode.noGrad()) { ... }} computes without
 * recording, like {@code torch.no_grad()}.
 */
public final class GradMode {
    private static final ThreadLocal<boolean[]> ENABLED = ThreadLocal.withInitial(() -> new boolean[] {true});

    private GradMode() {}

    /** A scope that restores the previous mode when closed. */
    public interface Scope extends AutoCloseable {
        @Override void close();
    }

    public static boolean isEnabled() { return ENABLED.get()[0]; }

    /** Stops recording until the returned scope is closed. */
    public static Scope noGrad() { return set(false); }

    /** Records (again) until the returned scope is closed. */
    public static Scope enableGrad() { return set(true); }

    static Scope set(boolean on) {
        boolean[] flag = ENABLED.get();
        boolean previous = flag[0];
        flag[0] = on;
        return () -> flag[0] = previous;
    }
}
