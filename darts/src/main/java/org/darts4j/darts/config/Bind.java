package org.darts4j.darts.config;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Binds a command-line option to a configuration's component by its path ({@code @Bind("alpha.lr")} on the field of
 * {@code --arch-lr}): {@link OptionBinding#apply} puts every option given (non-null; a {@code boolean} flag when set) over a preset,
 * and the configuration's constructors check the result. An experiment file's keys reach the same fields by their
 * option names, so the command line, YAML and Java meet in one record.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface Bind {
    /** The component's path, dot-separated ({@code data.trainSubset}). */
    String value();
}
