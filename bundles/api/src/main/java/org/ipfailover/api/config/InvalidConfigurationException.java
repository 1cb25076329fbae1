package org.ipfailover.api.config;

import java.util.List;

/**
 * A configuration that cannot be used. Each problem is complete on its own: it names the
 * configuration's source (file or PID), the key, the value and what was expected, so that each
 * can be logged as one line.
 */
public class InvalidConfigurationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    /** @param problems one line per unusable value; never empty */
    public InvalidConfigurationException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    /** @return one self-contained line per unusable value */
    public List<String> problems() {
        return problems;
    }
}
