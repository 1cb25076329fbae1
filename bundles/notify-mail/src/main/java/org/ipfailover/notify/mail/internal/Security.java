package org.ipfailover.notify.mail.internal;

import java.util.Locale;
import java.util.Properties;

/** How the connection to the SMTP server is protected. */
enum Security {
    NONE("none"),
    STARTTLS("starttls"),
    STARTTLS_REQUIRED("starttls-required"),
    SMTPS("smtps");

    private final String text;

    Security(String text) {
        this.text = text;
    }

    /** @return the security named in configuration, or null */
    static Security of(String text) {
        String wanted = text.trim().toLowerCase(Locale.ROOT);
        for (Security security : values()) {
            if (security.text.equals(wanted)) {
                return security;
            }
        }
        return null;
    }

    /** @return the Jakarta Mail transport protocol */
    String protocol() {
        return this == SMTPS ? "smtps" : "smtp";
    }

    void configure(Properties properties) {
        String prefix = "mail." + protocol() + ".";
        switch (this) {
            case NONE -> properties.put(prefix + "starttls.enable", "false");
            case STARTTLS -> properties.put(prefix + "starttls.enable", "true");
            case STARTTLS_REQUIRED -> {
                properties.put(prefix + "starttls.enable", "true");
                properties.put(prefix + "starttls.required", "true");
            }
            case SMTPS -> properties.put(prefix + "ssl.enable", "true");
        }
    }

    @Override
    public String toString() {
        return text;
    }
}
