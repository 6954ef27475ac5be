/**
 * The alerts' words added with tiers and the test alert, in one place, to move into the
 * campaign's locale files.
 */
export const ALERT_WORDS = {
  testHead: 'Test alert',
  testDonor: 'Sam Sample',
  donated: 'donated',
  testNote: 'Only a test: nothing was counted',
} as const;
