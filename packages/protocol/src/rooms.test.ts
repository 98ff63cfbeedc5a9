import { describe, expect, it } from "vitest";
import { CloseCode, closeCodeName, collabPath } from "./closeCodes.js";
import { formatRoomName, parseRoomName } from "./rooms.js";

describe("room names", () => {
  it("round-trips every kind", () => {
    expect(formatRoomName({ kind: "brief", briefId: "b1" })).toBe("brief:b1");
    expect(parseRoomName("brief:b1")).toEqual({ kind: "brief", briefId: "b1" });
    expect(parseRoomName("recommendation:r_2")).toEqual({ kind: "recommendation", recommendationId: "r_2" });
    expect(formatRoomName({ kind: "user", userId: "u1" })).toBe("user:u1");
    expect(parseRoomName("user:u1")).toEqual({ kind: "user", userId: "u1" });
  });
  it("rejects anything else", () => {
    expect(parseRoomName("team:u1")).toBeNull();
    expect(parseRoomName("brief:")).toBeNull();
    expect(parseRoomName("brief:a:b")).toBeNull();
  });
});

describe("close codes", () => {
  it("names each code and stays in the ranges RFC 6455 allows", () => {
    expect(closeCodeName(CloseCode.FrameTooLarge)).toBe("FrameTooLarge");
    expect(closeCodeName(4999)).toBe("Unknown(4999)");
    for (const code of Object.values(CloseCode)) expect(code === 1012 || (code >= 4000 && code <= 4999)).toBe(true);
    expect(collabPath("a b")).toBe("/collab/a%20b");
  });
});
