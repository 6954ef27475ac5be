/**
 * Every word a viewer reads on stream, in English. The other languages are typed against this
 * file (`satisfies OverlayWords`), so a key left out fails the typecheck. `{name}` marks where a
 * value goes; each language keeps the same marks (locales.test.ts checks it).
 */
export const en = {
  /** The language's name in itself, for the Campaign tab's list. */
  language: 'English',
  anonymous: 'Anonymous',
  // Alerts
  donated: '{donor} donated',
  goalReachedAlert: 'Goal reached!',
  milestoneReachedAlert: 'Milestone reached!',
  moreDonationsOne: 'And {count} more donation',
  moreDonationsOther: 'And {count} more donations',
  thankYouAll: 'Thank you all!',
  // Goal bar
  percentOf: '{percent}% of {amount}',
  goalReached: 'Goal reached',
  stretchGoalProgress: 'Goal reached · {label}: {progress}',
  nextMilestone: 'Next: {label} · {amount}',
  // Clock
  startsIn: 'Starts in',
  elapsed: 'Elapsed',
  toGo: 'To go',
  marathon: 'Marathon',
  endedAfter: 'ended after {span}',
  // Call moment
  postItNow: 'Post it now',
  callingOn: 'Calling on {name}',
  // Targets board
  callStartsIn: 'Call starts in {span}',
  waitingFor: 'Waiting {span}',
  declinedAfter: 'Declined after {span}',
  answeredAfter: 'Answered after {span}',
  commitment: 'Commitment',
  acknowledged: 'Acknowledged',
  refused: 'Refused',
  calling: '{count} calling',
  // Spans of time: "45 s", "12 min", "3 h 12 min", "2 d 3 h"
  seconds: '{n} s',
  minutes: '{n} min',
  hoursMinutes: '{h} h {m} min',
  daysHours: '{d} d {h} h',
};

export type OverlayWords = { readonly [Key in keyof typeof en]: string };
