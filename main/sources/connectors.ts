import { type Result, ok } from '../../shared/result.js';
import type { SourceKind } from '../../shared/views.js';
import type { Services } from '../services.js';
import type { CredentialStore } from './credentials.js';
import type { SourceRecord } from './sources.js';

/** A running connection or poller of one source. */
export interface LiveSource {
  stop(): Promise<void> | void;
}

export interface ConnectorContext {
  services: Services;
  credentials: CredentialStore;
}

export interface ConfiguredSource {
  /** Stored in the database, returned by the API: no secrets here. */
  config: Record<string, unknown>;
  /** A platform credential the owner gave (OAuth token...): kept in the CredentialStore. */
  credential?: string | null;
  /** True for sources that receive signed webhooks: the app makes their secret. */
  webhookSecret?: boolean;
}

/**
 * What a kind of source needs to exist: checking its config from POST /api/sources, and, for
 * sources with a live connection (Twitch chat, a platform's socket, a poller), starting it.
 * A new platform is a new connector here and a folder under main/sources/.
 */
export interface SourceConnector {
  kind: SourceKind;
  /** `input` is the request body without kind and name. */
  configure(input: Record<string, unknown>): Result<ConfiguredSource>;
  /**
   * The creation input that gives back a stored source's settings, for replacing its credential:
   * `configure({ ...editInput(config, credential), ...newCredentialFields })`. Left out, the
   * stored config is that input (its keys are the creation fields).
   */
  editInput?(config: Record<string, unknown>, credential: string | null): Record<string, unknown>;
  start?(source: SourceRecord, context: ConnectorContext): LiveSource;
}

export const webhookConnector: SourceConnector = {
  kind: 'webhook',
  configure: () => ok({ config: {}, webhookSecret: true }),
};

/** The kinds the owner can add, by kind. */
export function connectorRegistry(extra: SourceConnector[] = []): Map<SourceKind, SourceConnector> {
  return new Map([webhookConnector, ...extra].map((c) => [c.kind, c]));
}

/** Starts the live sources and keeps them until the core closes. */
export class LiveSources {
  private readonly running = new Map<string, LiveSource>();

  constructor(
    private readonly connectors: Map<SourceKind, SourceConnector>,
    private readonly context: ConnectorContext,
  ) {}

  start(source: SourceRecord): void {
    const connector = this.connectors.get(source.kind);
    if (!connector?.start || this.running.has(source.id)) return;
    try {
      this.running.set(source.id, connector.start(source, this.context));
    } catch (error) {
      this.context.services.sources.recordFailure(
        source.id,
        `Could not start: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  async stop(sourceId: string): Promise<void> {
    const live = this.running.get(sourceId);
    this.running.delete(sourceId);
    await live?.stop();
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.running.keys()].map((id) => this.stop(id)));
  }
}
