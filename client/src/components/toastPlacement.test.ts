import { describe, expect, it } from "vitest";
import { chooseToastPlace, overlaps, toastBox } from "./toastPlacement";

const laptop = { width: 1366, height: 768 };
const phone = { width: 390, height: 844 };
const toast = { width: 320, height: 44 };

describe("toast placement", () => {
  it("sits bottom right when nothing is there", () => {
    expect(chooseToastPlace(toast, laptop, [], [])).toBe("bottom-right");
    expect(toastBox("bottom-right", toast, laptop)).toEqual({ left: 1030, top: 708, width: 320, height: 44 });
  });

  it("moves off the button it refers to, and then off other controls", () => {
    const saveButton = { left: 1250, top: 700, width: 100, height: 36 };
    expect(chooseToastPlace(toast, laptop, [saveButton], [])).toBe("bottom-left");
    const leftControl = { left: 20, top: 720, width: 200, height: 30 };
    expect(chooseToastPlace(toast, laptop, [saveButton], [leftControl])).toBe("bottom-center");
  });

  it("on a phone, a full-width button at the bottom sends the toast to the top", () => {
    const commentButton = { left: 16, top: 780, width: 358, height: 44 };
    const place = chooseToastPlace({ width: 358, height: 44 }, phone, [commentButton], []);
    expect(place).toBe("top-right");
    expect(overlaps(toastBox(place, { width: 358, height: 44 }, phone), commentButton)).toBe(false);
  });

  it("never covers a subject while some place is free of it, even if that place covers other controls", () => {
    const subject = { left: 0, top: 700, width: 1366, height: 68 };
    const header = { left: 0, top: 0, width: 1366, height: 60 };
    const place = chooseToastPlace(toast, laptop, [subject], [header]);
    expect(overlaps(toastBox(place, toast, laptop), subject)).toBe(false);
  });
});
