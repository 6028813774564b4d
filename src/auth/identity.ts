/** Who is calling, as the API decides it; never taken from a request body outside the loopback mode. */
export interface Identity {
  /** Stable id of the credential's holder: `oidc:<iss>#<sub>`, `token:<id>`, `loopback:<person>`, … */
  subject: string;
  /** The catalog person id, when the caller is a person (service tokens have none). */
  person: string | undefined;
  /** The service account's name, for service tokens. */
  service?: string;
  via: 'oidc' | 'token' | 'loopback' | 'feishu' | 'ci';
  /** Roles a service token was given (a person's roles come from the catalog). */
  roles?: string[];
  /** An OIDC token issued to Gantry's own CLI client (`gantry login`): audited as via "cli". */
  cliLogin?: true;
}

/** Authentication failed: the API answers 401 with `reason`, which names what was wrong and never the secret. */
export class AuthError extends Error {
  readonly status = 401;
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'AuthError';
  }
}
