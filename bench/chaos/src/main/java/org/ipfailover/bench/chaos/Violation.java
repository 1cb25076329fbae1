package org.ipfailover.bench.chaos;

/** A broken invariant: which, when, in which fault's window (null: before the first), and what was seen. */
record Violation(int invariant, long micros, Fault fault, String details) {
}
