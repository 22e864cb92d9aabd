/**
 * JMH benchmarks of the bridge's hot paths, run with {@code bench/run jmh [JMH options]}: hook
 * validation, envelope serialization, latency sketches and performance windows, and proxy cache
 * keys. They measure code, not the system: the side-by-side figures of DESIGN.md §8 come from
 * the other benchmarks of {@code bench/}.
 */
package io.omninode.bridge.bench.jmh;
