package org.ipfailover.notify.mail.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "ipfailover mail notifier",
        description = "Mails failover events to administrators through an SMTP server. "
                + "One file per notifier: conf/org.ipfailover.notify.mail-<name>.cfg")
@interface MailConfig {
    String FACTORY_PID = "org.ipfailover.notify.mail";

    @AttributeDefinition(description = "The notifier's name (letters, digits, _ . -). Empty: the name in the file name. "
            + "Names the outbox folder and the log lines.")
    String name() default "";

    @AttributeDefinition(description = "The SMTP server's host name or address.")
    String host() default "";

    @AttributeDefinition(description = "The SMTP server's port: 25 or 587 (submission) for none/starttls, 465 for smtps.", min = "1", max = "65535")
    int port() default 25;

    @AttributeDefinition(description = "none: plain SMTP; starttls: upgrade to TLS when the server offers it; "
            + "starttls-required: refuse to send unless the server upgrades to TLS; smtps: TLS from the first byte.")
    String security() default "none";

    @AttributeDefinition(description = "The trust setting for the server's certificate: empty verifies it against the JVM's trust store; "
            + "host names (space separated) or * trust those servers' certificates without verification.")
    String tlsTrust() default "";

    @AttributeDefinition(description = "The user to authenticate as. Empty: no authentication.")
    String username() default "";

    @AttributeDefinition(description = "The file holding the user's password (its first line); relative to the node's home. "
            + "Never put the password itself in a .cfg file.")
    String passwordFile() default "";

    @AttributeDefinition(description = "The sender, e.g. ipfailover@example.org or \"ipfailover pri\" <ipfailover@example.org>.")
    String from() default "";

    @AttributeDefinition(description = "The recipients, comma separated.")
    String[] to() default {};

    @AttributeDefinition(description = "The event types to mail, comma separated: TAKEOVER, RELEASE, TAKEOVER_FAILED, TEST_VETO, "
            + "ACTION_FAILED, RECLAIM, STATE_CHANGED, ANOMALY, ANOMALY_CLEARED, PEER_LOST, PEER_FOUND, ALARM, ALARM_CLEARED, "
            + "NOT_DECIDING, DECIDING, HEALTH_FAILED, HEALTH_RECOVERED, QUORUM_LOST, QUORUM_REGAINED.")
    String[] events() default {"TAKEOVER", "RELEASE", "TAKEOVER_FAILED", "TEST_VETO", "ACTION_FAILED", "ANOMALY", "ANOMALY_CLEARED",
        "ALARM", "ALARM_CLEARED", "NOT_DECIDING", "DECIDING", "HEALTH_FAILED", "HEALTH_RECOVERED", "QUORUM_LOST", "QUORUM_REGAINED"};

    @AttributeDefinition(description = "The subject template; empty: " + MailFormatter.DEFAULT_SUBJECT + ". Placeholders: "
            + MailFormatter.PLACEHOLDER_HELP)
    String subject() default "";

    // Empty by default: a multi-line default would reach the component as one line (XML attribute normalisation).
    @AttributeDefinition(description = "The body template, plain text (\\n for a new line in a .cfg file); empty: the headline, "
            + "then What, Group, Addresses, Held by, State, the peer per network, Actions, Time, and the command to see more. "
            + "Placeholders: " + MailFormatter.PLACEHOLDER_HELP)
    String body() default "";

    @AttributeDefinition(description = "Messages waiting for the server at most; when full the oldest is dropped.", min = "1")
    int queueCapacity() default 1000;

    @AttributeDefinition(description = "Milliseconds before the first retry while the server does not accept mail; doubled at each retry.", min = "1")
    long retryInitial() default 1000;

    @AttributeDefinition(description = "Milliseconds between retries at most.", min = "1")
    long retryMax() default 300_000;

    @AttributeDefinition(description = "Milliseconds to wait for the server to accept a connection.", min = "1")
    int connectionTimeout() default 10_000;

    @AttributeDefinition(description = "Milliseconds to wait for each reply of the server.", min = "1")
    int readTimeout() default 30_000;

    @AttributeDefinition(description = "Milliseconds over which a peer's repeated ANOMALY / ANOMALY_CLEARED changes are summarised: "
            + "the first is mailed at once, the others in one mail at the end of the window. 0: mail every change.", min = "0")
    long flapWindow() default 300_000;

    @AttributeDefinition(description = "The folder holding the messages not yet accepted by the server, one sub-folder per notifier; "
            + "relative to the node's home.")
    String outbox() default "var/outbox";
}
