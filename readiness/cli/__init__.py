"""Command line: one module per command that parses options, calls one function of a lower stage and writes; may import every stage."""
