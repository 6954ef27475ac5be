/** @jsxRuntime automatic */
/** @jsxImportSource react */
/**
 * The marathon report as one page: every figure from main/report (ReportFigures), every word
 * React text (donors' and targets' words are hostile: escaped, never markup). No script: the
 * saved file opens offline and prints as it shows.
 */
import type { ReactElement, ReactNode } from 'react';
import { isCurrencyCode } from '../../shared/currencies.js';
import { type Amount, formatMinor } from '../../shared/money.js';
import type { ReportFigures } from '../../shared/report.js';
import { platformName } from '../dashboard/chat/platforms.js';
import { count, money } from '../dashboard/charts/format.js';
import { amountMinor, hourMinute, monthDay, monthDayTime, roughSpan } from '../lib/format.js';
import { Legend, SERIES_COLOURS, type Series, TimeChart } from './charts.js';

const when = (iso: string | null) => (iso ? monthDayTime(iso) : '—');
/** A minute of the marathon: "Nov 6, 09:00 PM". */
const minuteOf = (iso: string) => `${monthDay(iso)}, ${hourMinute(iso)}`;
const span = (seconds: number | null) => (seconds === null ? '—' : seconds < 60 ? `${seconds} s` : roughSpan(seconds * 1000));
const NAMES_SAID: Record<ReportFigures['donor_names'], string> = {
  full: 'Donors are named as they gave their names.',
  initials: 'Donors are shown by their initials (the charity’s privacy setting).',
  none: 'Donors are not named (the charity’s privacy setting).',
};

/**
 * Each call moment: the mention rate before and after, who signed up in chat, who followed
 * through in the window (and who joined without signing up), the lift, and the answer that followed.
 */
function CallMoments({ moments }: { moments: ReportFigures['targets'][number]['moments'] }) {
  const lift = (m: (typeof moments)[number]) => (m.result.lift.lift === null ? '—' : `×${m.result.lift.lift.toFixed(2)}`);
  return (
    <>
      <table className="compact" data-section="call-moments">
        <thead>
          <tr>
            <th>Call moment</th><th className="num">Mentions/min before</th><th className="num">after</th>
            <th className="num">Signed up</th><th className="num">Followed through</th><th className="num">Others</th>
            <th className="num">Lift</th><th>Answer</th>
          </tr>
        </thead>
        <tbody>
          {moments.map((m) => (
            <tr key={m.id}>
              <td className="moment-when">{when(m.at)}{m.command ? <><br /><code>{m.command}</code></> : null}</td>
              <td className="num">{m.before_per_minute}</td>
              <td className="num">{m.after_per_minute ?? 'not yet'}</td>
              <td className="num">{m.command ? count(m.result.signups) : '—'}</td>
              <td className="num">{m.command ? `${count(m.result.followed)}${m.result.signups > 0 ? ` (${Math.round((m.result.followed * 100) / m.result.signups)}%)` : ''}` : '—'}</td>
              <td className="num">{count(m.result.others)}</td>
              <td className="num">{m.state === 'closed' ? lift(m) : 'not yet'}</td>
              <td>{m.answer ? `${m.answer.kind}, ${span(m.answer.after_s)} after` : 'none'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="hint">
        Signed up: different people who typed the moment’s command in chat. Followed through: of those, the people who posted the hashtag or handle in its
        {' '}{moments[0]?.window_minutes ?? 10}-minute window. Others: people who posted it in the window without signing up. Lift: how many times more often those who signed up posted it per minute in the window than in the hour before.
        {moments.some((m) => m.missed.length > 0) ? ' Some windows were partly missed while a chat source was disconnected; the dashboard names those parts.' : ''}
      </p>
    </>
  );
}

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }): ReactElement {
  return (
    <section id={id} data-testid={`report-${id}`}>
      <h2>{title}</h2>
      {children}
    </section>
  );
}

function Figure({ label, value, note }: { label: string; value: string; note?: string }): ReactElement {
  return (
    <div className="figure">
      <div className="figure-value">{value}</div>
      <div className="figure-label">{label}</div>
      {note ? <div className="figure-note">{note}</div> : null}
    </div>
  );
}

const minorOf = (a: Amount) => amountMinor(a) ?? 0;

function Summary({ f }: { f: ReportFigures }): ReactElement {
  const goal = minorOf(f.campaign.goal);
  const share = goal > 0 ? Math.round((minorOf(f.money.raised) / goal) * 100) : null;
  return (
    <Section id="summary" title="In short">
      <div className="figures">
        <Figure label="raised" value={money(f.money.raised)} note={share === null ? undefined : `${share}% of the goal of ${money(f.campaign.goal)}`} />
        <Figure label="donations" value={count(f.money.donations)} note={f.money.refunds > 0 ? `${count(f.money.refunds)} refunded` : undefined} />
        <Figure label="donors who gave a name" value={count(f.people.donors)} note={f.people.anonymous_donations > 0 ? `and ${count(f.people.anonymous_donations)} donations without a name` : undefined} />
        <Figure label="chat messages" value={count(f.charts.totals.messages)} />
        <Figure label="people in chat" value={count(f.people.chatters)} />
        <Figure label="targets answered" value={`${f.targets.filter((t) => t.status !== 'waiting').length} of ${f.targets.length}`} />
      </div>
      {f.charts.totals.messages === 0 && f.money.donations === 0 ? <p>Nothing was counted in this campaign: no money and no chat. The report has no series to show.</p> : null}
    </Section>
  );
}

function Money({ f }: { f: ReportFigures }): ReactElement {
  const m = f.money;
  return (
    <Section id="money" title="Money, and how it reconciles">
      {m.donations === 0 ? (
        <p>No money was counted in this campaign.</p>
      ) : (
        <>
          <p>
            {money(m.raised)} from {count(m.donations)} donations, in {m.by_source.length === 1 ? 'one source' : `${m.by_source.length} sources`} and{' '}
            {m.by_currency.length === 1 ? 'one currency' : `${m.by_currency.length} currencies`}, refunds and corrections taken into account.
          </p>
          <h3>By source</h3>
          <table>
            <thead>
              <tr><th>Source</th><th className="num">Donations</th><th className="num">We counted</th><th className="num">The platform says</th><th className="num">Difference</th></tr>
            </thead>
            <tbody>
              {m.by_source.map((s) => (
                <tr key={s.source_id} data-testid="report-source">
                  <td>{s.name} <span className="hint">({s.kind})</span></td>
                  <td className="num">{count(s.donations)}</td>
                  <td className="num">{money(s.raised)}</td>
                  <td className="num">{s.platform ? `${money(s.platform.amount)} (${when(s.platform.reported_at)})` : 'tells no total'}</td>
                  <td className="num">{s.platform?.difference ? (minorOf(s.platform.difference) === 0 ? 'none' : money(s.platform.difference)) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {m.by_source.some((s) => s.platform?.difference && minorOf(s.platform.difference) !== 0) ? (
            <p className="warn">A platform’s own total differs from what was counted: compare its export with donations.csv in the archive, donation by donation.</p>
          ) : (
            <p className="hint">Where a platform tells its own total (Tiltify), it is compared in its currency with what was counted from it. Other sources are counted only here.</p>
          )}
          <h3>By currency</h3>
          <table>
            <thead>
              <tr><th>Currency</th><th className="num">Donations</th><th className="num">Given</th><th className="num">Refunded</th><th className="num">In {f.campaign.currency}</th></tr>
            </thead>
            <tbody>
              {m.by_currency.map((c) => (
                <tr key={c.currency} data-testid="report-currency">
                  <td>{c.currency}{c.unconverted > 0 ? <span className="warn"> · {count(c.unconverted)} waiting for a rate</span> : null}</td>
                  <td className="num">{count(c.donations)}</td>
                  <td className="num">{money(c.amount)}</td>
                  <td className="num">{c.refunds > 0 ? `${money(c.refunded)} (${count(c.refunds)})` : '—'}</td>
                  <td className="num">{money(c.raised)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p>
            Refunds: {m.refunds === 0 ? 'none' : `${count(m.refunds)}, ${money(m.refunded)} in ${f.campaign.currency}`}. Corrections by the platforms:{' '}
            {m.corrections === 0 ? 'none' : `${count(m.corrections)}, changing the total by ${money(m.corrected)}`}.
            {m.waiting_for_rate > 0 ? ` ${count(m.waiting_for_rate)} donations wait for an exchange rate and are not in the total yet.` : ''}
            {m.late > 0 ? ` ${count(m.late)} arrived after the marathon closed: kept apart (late-money.csv in the archive), not counted.` : ''}
          </p>
        </>
      )}
    </Section>
  );
}

function OverTime({ f }: { f: ReportFigures }): ReactElement {
  const c = f.charts;
  const hourStarts = f.hours.map((h) => h.start);
  const chatSeries: Series[] = [
    { name: 'messages', values: c.chat.map((b) => b.messages), colour: SERIES_COLOURS[1] ?? '#1d4ed8' },
    { name: 'people writing', values: c.chat.map((b) => b.chatters), colour: SERIES_COLOURS[2] ?? '#15803d' },
  ];
  const currency = f.campaign.currency;
  // Axis labels in whole units ("€150,000"): the exact amounts are in the tables.
  const moneyLabel = (minor: number) => (isCurrencyCode(currency) ? money({ value: formatMinor(minor, currency).replace(/\.0+$/, ''), currency }) : count(minor));
  const targets: Series[] = c.targets.filter((t) => t.mentions > 0).map((t, i) => ({ name: t.name, values: t.points.map((p) => p.mentions), colour: SERIES_COLOURS[i % SERIES_COLOURS.length] ?? '#c2410c' }));
  return (
    <Section id="over-time" title="Over the marathon">
      <p className="hint">From {when(c.window.from)} to {when(c.window.to)} ({f.campaign.time_zone}).</p>
      <h3>Money per hour</h3>
      {f.money.donations === 0 ? <p>No money to draw.</p> : (
        <TimeChart title="Money per hour" starts={hourStarts} bucketMinutes={60} kind="bars" label={moneyLabel}
          series={[{ name: 'raised', values: f.hours.map((h) => minorOf(h.raised)), colour: SERIES_COLOURS[0] ?? '#c2410c' }]} />
      )}
      {f.money.donations > 0 && (f.hours[f.hours.length - 1]?.minutes ?? 60) < 60 ? (
        <p className="hint">Hours are counted from the marathon’s start; the last bar holds only its first {f.hours[f.hours.length - 1]?.minutes} minutes{c.window.live ? ' (the marathon is still under way)' : ''}.</p>
      ) : null}
      <h3>Chat per {c.bucket_minutes === 1 ? 'minute' : `${c.bucket_minutes} minutes`}</h3>
      {c.totals.messages === 0 ? <p>No chat was counted: the campaign had no chat source, or nobody wrote.</p> : (
        <>
          <TimeChart title="Chat" starts={c.chat.map((b) => b.start)} bucketMinutes={c.bucket_minutes} kind="lines" series={chatSeries} />
          <Legend series={chatSeries} />
        </>
      )}
      {targets.length > 0 ? (
        <>
          <h3>Calls on the targets per {c.bucket_minutes === 1 ? 'minute' : `${c.bucket_minutes} minutes`}</h3>
          <TimeChart title="Calls on the targets" starts={c.chat.map((b) => b.start)} bucketMinutes={c.bucket_minutes} kind="lines" series={targets} />
          <Legend series={targets} />
        </>
      ) : null}
    </Section>
  );
}

function Peaks({ f }: { f: ReportFigures }): ReactElement {
  const table = (rows: ReportFigures['peaks']['chat'], empty: string) =>
    rows.length === 0 ? <p>{empty}</p> : (
      <table>
        <thead><tr><th>Minute</th><th className="num">Messages</th><th className="num">Donations</th><th className="num">Raised</th></tr></thead>
        <tbody>
          {rows.map((p) => (
            <tr key={p.minute}><td>{minuteOf(p.minute)}</td><td className="num">{count(p.messages)}</td><td className="num">{count(p.donations)}</td><td className="num">{money(p.raised)}</td></tr>
          ))}
        </tbody>
      </table>
    );
  return (
    <Section id="peaks" title="The peak minutes">
      <h3>Busiest chat</h3>
      {table(f.peaks.chat.filter((p) => p.messages > 0), 'No chat was counted.')}
      <h3>Most money</h3>
      {table(f.peaks.money, 'No money was counted.')}
    </Section>
  );
}

function People({ f }: { f: ReportFigures }): ReactElement {
  return (
    <Section id="people" title="People">
      <p>
        {count(f.people.chatters)} different people wrote in chat; {count(f.people.donors)} donors gave a name
        {f.people.anonymous_donations > 0 ? `, and ${count(f.people.anonymous_donations)} donations came without one (anonymous donors are never named)` : ''}.
      </p>
      <h3>Largest donors</h3>
      <p className="hint">{NAMES_SAID[f.donor_names]}</p>
      {f.top_donors.length === 0 ? <p>No donor is named here: none gave a name the stream showed.</p> : (
        <table>
          <thead><tr><th className="num">#</th><th>Donor</th><th className="num">Donations</th><th className="num">Given</th></tr></thead>
          <tbody>
            {f.top_donors.map((d) => (
              <tr key={d.rank} data-testid="report-donor"><td className="num">{d.rank}</td><td>{d.name ?? 'A donor'}</td><td className="num">{count(d.donations)}</td><td className="num">{money(d.total)}</td></tr>
            ))}
          </tbody>
        </table>
      )}
      {f.people.anonymous_donations > 0 ? (
        <p className="hint">Anonymous or without a name: {money(f.people.anonymous_total)} from {count(f.people.anonymous_donations)} donations, summed together.</p>
      ) : null}
    </Section>
  );
}

const STATUS: Record<ReportFigures['targets'][number]['status'], string> = { waiting: 'no answer', responded: 'answered', declined: 'declined' };

function Targets({ f }: { f: ReportFigures }): ReactElement {
  return (
    <Section id="targets" title="Who was called on">
      {f.targets.length === 0 ? <p>The campaign called on nobody.</p> : f.targets.map((t) => (
        <div className="target" key={t.id} data-testid="report-target">
          <h3>{t.name} <span className={`status status-${t.status}`}>{STATUS[t.status]}</span></h3>
          <p>
            {t.hashtags.map((h) => `#${h}`).join(' ')} · asked: {t.ask || '—'} · called on since {when(t.call_started_at)}.
          </p>
          <p>
            {count(t.mentions)} mentions by {count(t.callers)} different people
            {t.peak ? `; the busiest minute was ${minuteOf(t.peak.minute)} with ${count(t.peak.mentions)}` : ''}.
          </p>
          {t.by_platform.length > 0 ? (
            <table className="compact">
              <thead><tr><th>Platform</th><th className="num">Mentions</th><th className="num">Distinct callers</th></tr></thead>
              <tbody>{t.by_platform.map((p) => <tr key={p.platform}><td>{platformName(p.platform)}</td><td className="num">{count(p.mentions)}</td><td className="num">{count(p.callers)}</td></tr>)}</tbody>
            </table>
          ) : null}
          {t.response ? (
            <blockquote>
              <p>“{t.response.quote}”</p>
              <footer>
                {t.response.kind}, {when(t.first_response_at)}, {span(t.time_to_response_s)} after the call started{t.response.platform ? ` (on ${platformName(t.response.platform)})` : ''}
                {t.response.url ? <> · <span className="url">{t.response.url}</span></> : null}
              </footer>
            </blockquote>
          ) : <p className="hint">No confirmed answer.</p>}
          {t.moments.length > 0 ? <CallMoments moments={t.moments} /> : null}
        </div>
      ))}
    </Section>
  );
}

const MODE_SAID: Record<string, string> = {
  none: 'Screening was off: donation messages went to the stream as they came.',
  one_pass: 'Each donation message was screened by one moderator before the stream showed it.',
  two_pass: 'Each donation message was screened by two moderators before the stream showed it.',
};

function ScreeningSection({ f }: { f: ReportFigures }): ReactElement {
  const s = f.screening;
  const c = s.counts;
  return (
    <Section id="screening" title="Screening and moderation">
      <p>
        {MODE_SAID[s.mode] ?? `Screening: ${s.mode}.`} Donations now approved {count(c.approved)}, read on air {count(c.read)}, denied {count(c.denied)}, flagged {count(c.flagged)},
        still waiting {count(c.pending + c.first_pass)}.
      </p>
      {s.decisions === 0 ? <p>No screening decision is in the audit log.</p> : (
        <>
          <p>
            {count(s.decisions)} decisions: {count(s.by_rules)} by the rules (word list, nothing to screen), {count(s.decisions - s.by_rules)} by people;
            half of the people’s decisions came within {span(s.median_s)} of the donation’s arrival.
          </p>
          {s.moderators.length > 0 ? (
            <table>
              <thead><tr><th>Moderator</th><th className="num">Decisions</th><th className="num">Median time to decide</th></tr></thead>
              <tbody>{s.moderators.map((m) => <tr key={m.name}><td>{m.name}</td><td className="num">{count(m.decisions)}</td><td className="num">{span(m.median_s)}</td></tr>)}</tbody>
            </table>
          ) : null}
        </>
      )}
    </Section>
  );
}

function Extras({ f }: { f: ReportFigures }): ReactElement {
  return (
    <Section id="milestones" title="Milestones, incentives and prizes">
      <table>
        <thead><tr><th>Milestone</th><th className="num">Amount</th><th>Reached</th></tr></thead>
        <tbody>{f.milestones.map((m) => <tr key={`${m.label}${m.amount.value}`}><td>{m.label}</td><td className="num">{money(m.amount)}</td><td>{m.reached_at ? when(m.reached_at) : 'not reached'}</td></tr>)}</tbody>
      </table>
      {f.incentives.length === 0 ? <p className="hint">No incentives or bid wars.</p> : (
        <table>
          <thead><tr><th>Incentive or bid war</th><th className="num">Raised</th><th className="num">Goal</th><th>State</th></tr></thead>
          <tbody>
            {f.incentives.map((i) => (
              <tr key={`${i.kind}${i.name}`}>
                <td>{i.name}{i.options.length > 0 ? <span className="hint"> — {i.options.map((o) => `${o.leading ? '★ ' : ''}${o.name}: ${money(o.total)}`).join(', ')}</span> : null}</td>
                <td className="num">{money(i.total)}</td>
                <td className="num">{i.goal ? money(i.goal) : '—'}</td>
                <td>{i.met_at ? `met ${when(i.met_at)}` : i.state}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {f.prizes.length === 0 ? <p className="hint">No prizes.</p> : (
        <table>
          <thead><tr><th>Prize</th><th className="num">Entries</th><th>Winners</th></tr></thead>
          <tbody>{f.prizes.map((p) => <tr key={p.title}><td>{p.title}</td><td className="num">{count(p.entries)}</td><td>{p.state === 'drawn' ? `${p.winners.join(', ')} (drawn ${when(p.drawn_at)})` : 'not drawn'}</td></tr>)}</tbody>
        </table>
      )}
    </Section>
  );
}

export function ReportPage({ f }: { f: ReportFigures }): ReactElement {
  return (
    <main className="report" data-state="ready">
      <header>
        <h1>{f.campaign.title}</h1>
        <p className="cause">{f.campaign.cause}</p>
        <p className="hint">
          The marathon report{f.campaign.demo ? ' (demo data)' : ''}: {when(f.campaign.starts_at)} to {when(f.campaign.ends_at)}
          {f.campaign.closed_at ? `, closed ${when(f.campaign.closed_at)}` : ', still open'}. Made {when(f.generated_at)}; times in {f.campaign.time_zone}; amounts in {f.campaign.currency} unless said.
        </p>
      </header>
      <Summary f={f} />
      <Money f={f} />
      <OverTime f={f} />
      <Peaks f={f} />
      <People f={f} />
      <Targets f={f} />
      <ScreeningSection f={f} />
      <Extras f={f} />
    </main>
  );
}
