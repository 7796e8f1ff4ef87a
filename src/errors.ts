/** A failure the user can act on: `message` says what went wrong and what to do next. */
export class ActionError extends Error {
  override name = 'ActionError';
}

/** A rejected input. Raised before any network call. */
export class ConfigError extends ActionError {
  override name = 'ConfigError';
  constructor(
    readonly input: string,
    message: string,
  ) {
    super(message);
  }
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'string') return error;
  try {
    return JSON.stringify(error);
  } catch {
    return String(error);
  }
}
