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
  // Twitch alerts: {actor} is who did it, {tier} a sub's tier, {count} subs, bits or viewers
  anonymousGifter: 'An anonymous gifter',
  tier1: 'Tier 1',
  tier2: 'Tier 2',
  tier3: 'Tier 3',
  subscribed: '{actor} subscribed at {tier}',
  subscribedPrime: '{actor} subscribed with Prime',
  subscribedMonths: '{actor} subscribed at {tier} for {count} months',
  resubscribed: '{actor} resubscribed',
  giftedOne: '{actor} gifted a {tier} sub to {recipient}',
  giftedSome: '{actor} gifted a {count}-month {tier} sub to {recipient}',
  giftBomb: '{actor} gifted {tier} subs to the community',
  upgradedPrime: '{actor} continued their Prime sub at {tier}',
  upgradedGift: '{actor} is continuing the gifted sub at {tier}',
  cheered: '{actor} cheered',
  raiding: '{actor} is raiding!',
  hypeChat: '{actor} sent a Hype Chat',
  subsOne: '{count} sub',
  subsOther: '{count} subs',
  bits: '{count} bits',
  raidersOne: '{count} raider',
  raidersOther: '{count} raiders',
  monthsOther: '{count} months',
  moreTwitchOne: 'And {count} more sub or cheer',
  moreTwitchOther: 'And {count} more subs and cheers',
  moreBoth: 'And {donations} more donations, {moments} more subs and cheers',
  // The owner's test alert
  testHead: 'Test alert',
  testDonor: 'Sam Sample',
  testNote: 'Only a test: nothing was counted',
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
  // Call sign-ups: {count} people, {tag} the hashtag, {time} the call's minute, {command} what to type
  callSignupsOne: '{count} person will post {tag} at {time}',
  callSignupsOther: '{count} people will post {tag} at {time}',
  callJoin: 'type {command} to join',
  callOpenOne: '{count} person signed up: post {tag} now',
  callOpenOther: '{count} people signed up: post {tag} now',
  // Targets board
  callStartsIn: 'Call starts in {span}',
  waitingFor: 'Waiting {span}',
  declinedAfter: 'Declined after {span}',
  answeredAfter: 'Answered after {span}',
  commitment: 'Commitment',
  acknowledged: 'Acknowledged',
  refused: 'Refused',
  calling: '{count} calling',
  // Prize to win
  prizeToWin: 'Prize to win',
  prizeWinners: 'Prize winners',
  prizeMinimum: 'Donate {amount} or more to enter',
  prizeClosesIn: 'Entries close in {span}',
  prizeOpensIn: 'Entries open in {span}',
  prizeClosed: 'Entries closed · the draw is coming',
  prizeEntriesOne: '{count} entry',
  prizeEntriesOther: '{count} entries',
  // Spans of time: "45 s", "12 min", "3 h 12 min", "2 d 3 h"
  seconds: '{n} s',
  minutes: '{n} min',
  hoursMinutes: '{h} h {m} min',
  daysHours: '{d} d {h} h',
  // Incentives, bid wars and the schedule: {name} an incentive or option, {span} a time
  incentiveMetAlert: 'Incentive met!',
  bidWarClosedAlert: 'Bid war closed',
  bidWarWinner: '{name} wins',
  bidWarTie: 'A tie!',
  tie: 'tie',
  closed: 'closed',
  goalMet: 'met!',
  timeLeft: '{span} left',
  nowOn: 'Now',
  upNext: 'Up next',
  segmentIn: 'in {span}',
  noBidYet: 'No money yet: donate to vote!',
  // Team event: {count} a number, {desk} the name of a streamer's desk
  teamCallsOne: '{count} call',
  teamCallsOther: '{count} calls',
  teamPeopleOne: '{count} person',
  teamPeopleOther: '{count} people',
  teamAnswered: 'answered',
  teamAnsweredOn: 'answered on {desk}',
  teamWaiting: 'waiting',
  teamGoal: 'of {amount}',
};

export type OverlayWords = { readonly [Key in keyof typeof en]: string };
