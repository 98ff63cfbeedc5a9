import type { MailMessage } from "./Mailer.js";

/**
 * The texts Accord mails. Plain text only: no markup for a mail client to render, and links
 * that a person can read before following.
 */
export function signupConfirmationMail(input: {
  to: string;
  name: string;
  link: string;
  ttlHours: number;
}): MailMessage {
  return {
    to: input.to,
    subject: "Confirm your Accord account",
    text: [
      `Hello ${input.name},`,
      "",
      "Someone (we hope you) asked to create an Accord account with this e-mail address.",
      "To create it, open this link:",
      "",
      input.link,
      "",
      `The link works once, within ${input.ttlHours} hours. If you did not ask for an account, ignore this e-mail: nothing is created.`,
    ].join("\n"),
  };
}

export function existingAccountMail(input: { to: string; loginLink: string; inviteLink: string | null }): MailMessage {
  return {
    to: input.to,
    subject: "Someone tried to sign up to Accord with your e-mail address",
    text: [
      "Hello,",
      "",
      "Someone just tried to create an Accord account with this e-mail address, but you already have one,",
      "so nothing was created and your account is unchanged.",
      "",
      "If it was you, log in instead:",
      "",
      input.loginLink,
      ...(input.inviteLink ? ["", "and then open your invite again:", "", input.inviteLink] : []),
      "",
      "If it was not you, you can ignore this e-mail.",
    ].join("\n"),
  };
}

/**
 * What happened since the last digest. The people's words (names, titles, comments) go in
 * as they are: the message is text/plain, which no mail client renders as markup.
 */
export function notificationDigestMail(input: {
  to: string;
  name: string;
  items: ReadonlyArray<{ sentence: string; excerpt: string | null; link: string }>;
  /** Further notifications not listed. */
  more: number;
  appLink: string;
}): MailMessage {
  const count = input.items.length + input.more;
  const lines = [
    `Hello ${input.name},`,
    "",
    count === 1 ? "You have a new notification in Accord:" : `You have ${count} new notifications in Accord:`,
    "",
  ];
  for (const item of input.items) {
    lines.push(`- ${item.sentence}`);
    if (item.excerpt) for (const line of item.excerpt.split(/\r?\n/)) lines.push(`  > ${line}`);
    lines.push(`  ${item.link}`, "");
  }
  if (input.more > 0) lines.push(`…and ${input.more} more in Accord: ${input.appLink}`, "");
  lines.push(
    "You get this e-mail at most once in a while, only for notifications you have not read yet.",
    'To stop these e-mails, open your account menu in Accord and turn off "E-mail me my notifications".',
  );
  return {
    to: input.to,
    subject: count === 1 ? "Accord: 1 new notification" : `Accord: ${count} new notifications`,
    text: lines.join("\n"),
  };
}
