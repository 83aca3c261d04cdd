import { describe, expect, it } from "vitest";
import { InvalidTransitionError } from "../../src/domain/errors.ts";
import { statusMachine } from "../../src/domain/statusMachine.ts";

const door = statusMachine({
  entity: "door",
  statuses: ["OPEN", "CLOSED", "LOCKED", "GONE"],
  final: ["GONE"],
  transitions: [
    { from: "OPEN", to: "CLOSED", when: "someone closes it" },
    { from: "CLOSED", to: "OPEN", when: "someone opens it" },
    { from: "CLOSED", to: "LOCKED", when: "someone locks it" },
    { from: "LOCKED", to: "GONE", when: "it is removed" },
    { from: "OPEN", to: "GONE", when: "it is removed" },
  ],
});

describe("statusMachine", () => {
  it("allows exactly the listed transitions", () => {
    expect(door.can("OPEN", "CLOSED")).toBe(true);
    expect(door.can("OPEN", "LOCKED")).toBe(false);
    expect(door.can("GONE", "OPEN")).toBe(false);
    expect(() => door.assert("CLOSED", "LOCKED")).not.toThrow();
  });

  it("refuses a forbidden transition with a typed error naming both ends", () => {
    const err = (() => {
      try {
        door.assert("OPEN", "LOCKED", "close it first");
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(InvalidTransitionError);
    expect((err as Error).message).toBe("door cannot go from OPEN to LOCKED: close it first");
  });

  it("names the sources of a status, for guarded updates", () => {
    expect(door.sourcesOf("GONE")).toEqual(["LOCKED", "OPEN"]);
    expect(door.sourcesOf("OPEN")).toEqual(["CLOSED"]);
  });

  it("knows its vocabulary and final statuses", () => {
    expect(door.isStatus("LOCKED")).toBe(true);
    expect(door.isStatus("AJAR")).toBe(false);
    expect(door.isFinal("GONE")).toBe(true);
    expect(door.isFinal("LOCKED")).toBe(false);
  });

  it("rejects a table with a transition out of a final status or to an unknown one", () => {
    expect(() =>
      statusMachine({
        entity: "x",
        statuses: ["A", "B"],
        final: ["B"],
        transitions: [{ from: "B", to: "A", when: "never" }],
      }),
    ).toThrow(/B is final/);
    expect(() =>
      statusMachine({
        entity: "x",
        statuses: ["A"] as ("A" | "C")[],
        final: [],
        transitions: [{ from: "A", to: "C", when: "never" }],
      }),
    ).toThrow(/unknown status/);
  });
});
