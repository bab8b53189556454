-- One row per DSM service some instance found down: the fleet's shared "open circuit" mark (see CircuitHints).
CREATE TABLE circuit_hint (
  service    text        PRIMARY KEY,
  open_until timestamptz NOT NULL
);
