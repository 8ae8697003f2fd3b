// svcgen 0.1.0 runtime: copied verbatim from generator/runtime/auth/credentials.ts; do not edit.
// Where signing keys come from. Providers have the same shape as the AWS SDK for JavaScript v3
// ones, so any of those (SSO, assume-role, process, instance metadata) can be passed instead.
// File access is imported lazily (platform/node.ts), and browser bundles map it to nothing.

export interface Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string | undefined;
  /** When temporary credentials stop working; absent for long-term keys. */
  readonly expiration?: Date | undefined;
}

export type CredentialProvider = () => Promise<Credentials>;
export type CredentialsInput = Credentials | CredentialProvider;
export type Env = Readonly<Record<string, string | undefined>>;

export class CredentialsError extends Error {
  override readonly name = "CredentialsError";
}

/** Refresh this long before expiration, so a request is never signed with keys about to lapse. */
const REFRESH_MARGIN_MS = 5 * 60 * 1000;

function processEnv(): Env {
  return typeof process === "undefined" ? {} : process.env;
}

/** An unset or empty variable counts as absent. */
function read(env: Env, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value === "" ? undefined : value;
}

export function toCredentialProvider(input: CredentialsInput): CredentialProvider {
  if (typeof input === "function") return input;
  const resolved = Promise.resolve(input);
  return () => resolved;
}

/** AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN and AWS_CREDENTIAL_EXPIRATION, read at each call. */
export function fromEnv(env?: Env): CredentialProvider {
  return async () => {
    const vars = env ?? processEnv();
    const accessKeyId = read(vars, "AWS_ACCESS_KEY_ID");
    const secretAccessKey = read(vars, "AWS_SECRET_ACCESS_KEY");
    if (accessKeyId === undefined && secretAccessKey === undefined) {
      throw new CredentialsError("environment: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set");
    }
    if (accessKeyId === undefined || secretAccessKey === undefined) {
      const [missing, present] =
        accessKeyId === undefined ? ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"] : ["AWS_SECRET_ACCESS_KEY", "AWS_ACCESS_KEY_ID"];
      throw new CredentialsError(`environment: ${present} is set but ${missing} is not`);
    }
    const expirationText = read(vars, "AWS_CREDENTIAL_EXPIRATION");
    const expiration = expirationText === undefined ? undefined : new Date(expirationText);
    if (expiration !== undefined && Number.isNaN(expiration.getTime())) {
      throw new CredentialsError(`environment: AWS_CREDENTIAL_EXPIRATION is not a date: "${expirationText}"`);
    }
    return { accessKeyId, secretAccessKey, sessionToken: read(vars, "AWS_SESSION_TOKEN"), expiration };
  };
}

export interface SharedFilesOptions {
  /** The profile to read; else AWS_PROFILE, else "default". */
  readonly profile?: string | undefined;
  /** Variables to use instead of the process environment (HOME, AWS_PROFILE, file locations). */
  readonly env?: Env | undefined;
}

type IniSections = Map<string, Record<string, string>>;

/** Sections of an INI file. Indented lines under a key with an empty value are nested settings this reader does not use. */
function parseIni(text: string): IniSections {
  const sections: IniSections = new Map();
  let current: Record<string, string> | undefined;
  let inNested = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#") || line.startsWith(";")) continue;
    const header = /^\[\s*([^\]]*?)\s*\]\s*$/.exec(line.replace(/\s[#;].*$/, ""));
    if (header) {
      current = {};
      sections.set(header[1]!, current);
      inNested = false;
      continue;
    }
    if (inNested && /^\s/.test(raw)) continue;
    const eq = line.indexOf("=");
    if (current === undefined || eq <= 0) continue;
    const key = line.slice(0, eq).trim().toLowerCase();
    const value = line
      .slice(eq + 1)
      .replace(/\s[#;].*$/, "")
      .trim();
    inNested = value === "";
    if (!inNested) current[key] = value;
  }
  return sections;
}

/** The config file names profiles "profile x" (and "default" bare); other sections are not profiles. */
function configProfiles(sections: IniSections): IniSections {
  const profiles: IniSections = new Map();
  for (const [name, settings] of sections) {
    if (name === "default") {
      if (!profiles.has("default")) profiles.set(name, settings);
    } else if (name.startsWith("profile ")) {
      profiles.set(name.slice("profile ".length).trim(), settings);
    }
  }
  return profiles;
}

async function homeDirectory(env: Env): Promise<string> {
  const home = read(env, "HOME") ?? read(env, "USERPROFILE");
  if (home !== undefined) return home;
  const platform: Partial<typeof import("../platform/node.js")> = await import("../platform/node.js").catch(() => ({}));
  if (platform.homedir === undefined) throw new CredentialsError("no home folder here (not Node): set HOME or pass credentials");
  return platform.homedir();
}

async function expandHome(path: string, env: Env): Promise<string> {
  if (path === "~" || path.startsWith("~/") || path.startsWith("~\\")) {
    return (await homeDirectory(env)) + path.slice(1);
  }
  return path;
}

/** The file's text, or undefined when it does not exist. */
async function readOptional(path: string): Promise<string | undefined> {
  // Where a bundler mapped the Node module away (browsers), there are no shared files.
  const platform: Partial<typeof import("../platform/node.js")> = await import("../platform/node.js").catch(() => ({}));
  if (platform.readTextFile === undefined) return undefined;
  try {
    return await platform.readTextFile(path);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === "ENOENT" || code === "ENOTDIR") return undefined;
    throw new CredentialsError(`cannot read ${path}: ${(error as Error).message}`, { cause: error });
  }
}

/** Settings that need a provider this module does not have, with a name a user will recognise. */
const UNSUPPORTED: ReadonlyArray<readonly [string, string]> = [
  ["role_arn", "assume-role (role_arn)"],
  ["sso_session", "SSO (sso_session)"],
  ["sso_start_url", "SSO (sso_start_url)"],
  ["credential_process", "an external process (credential_process)"],
  ["web_identity_token_file", "web identity (web_identity_token_file)"],
];

/**
 * Static keys (aws_access_key_id, aws_secret_access_key, aws_session_token) of one profile from
 * ~/.aws/credentials and ~/.aws/config (or AWS_SHARED_CREDENTIALS_FILE / AWS_CONFIG_FILE); the
 * credentials file wins where both set a key. Files are read at each call.
 */
export function fromSharedFiles(opts: SharedFilesOptions = {}): CredentialProvider {
  return async () => {
    const env = opts.env ?? processEnv();
    const profile = opts.profile ?? read(env, "AWS_PROFILE") ?? "default";
    const credentialsPath = await expandHome(read(env, "AWS_SHARED_CREDENTIALS_FILE") ?? "~/.aws/credentials", env);
    const configPath = await expandHome(read(env, "AWS_CONFIG_FILE") ?? "~/.aws/config", env);
    const [credentialsText, configText] = await Promise.all([readOptional(credentialsPath), readOptional(configPath)]);
    const fromCredentials = credentialsText === undefined ? undefined : parseIni(credentialsText).get(profile);
    const fromConfig = configText === undefined ? undefined : configProfiles(parseIni(configText)).get(profile);
    const where = `${credentialsPath}${credentialsText === undefined ? " (missing)" : ""} or ${configPath}${configText === undefined ? " (missing)" : ""}`;
    if (fromCredentials === undefined && fromConfig === undefined) {
      throw new CredentialsError(`shared files: profile "${profile}" not found in ${where}`);
    }
    const settings = { ...fromConfig, ...fromCredentials };
    const accessKeyId = settings["aws_access_key_id"];
    const secretAccessKey = settings["aws_secret_access_key"];
    // A role profile may also hold keys, but the official tools assume the role: never sign as someone else.
    const needs = UNSUPPORTED.filter(([key]) => settings[key] !== undefined && (key === "role_arn" || accessKeyId === undefined));
    if (needs.length > 0) {
      throw new CredentialsError(
        `shared files: profile "${profile}" uses ${needs.map(([, label]) => label).join(", ")}; ` +
          "this client reads static keys only. Pass a credential provider that supports it " +
          "(any function returning Promise<Credentials>, such as the AWS SDK's) as the credentials option",
      );
    }
    if (accessKeyId === undefined || secretAccessKey === undefined) {
      throw new CredentialsError(`shared files: profile "${profile}" in ${where} has no aws_access_key_id and aws_secret_access_key`);
    }
    return { accessKeyId, secretAccessKey, sessionToken: settings["aws_session_token"] };
  };
}

/**
 * The AWS SDK v3 name of {@link fromSharedFiles}: static keys of a profile (`{ profile }`, else
 * AWS_PROFILE, else default) from the shared credentials and config files.
 */
export function fromIni(opts: SharedFilesOptions = {}): CredentialProvider {
  return fromSharedFiles(opts);
}

/**
 * Environment variables, then the shared files; memoized. An explicit `profile` skips the
 * environment, since the caller asked for that profile by name; AWS_PROFILE does not.
 */
export function defaultCredentials(opts: SharedFilesOptions = {}): CredentialProvider {
  const chain: CredentialProvider[] = opts.profile === undefined ? [fromEnv(opts.env), fromSharedFiles(opts)] : [fromSharedFiles(opts)];
  return memoize(async () => {
    const failures: string[] = [];
    for (const provider of chain) {
      try {
        return await provider();
      } catch (error) {
        if (!(error instanceof CredentialsError)) throw error;
        failures.push(error.message);
      }
    }
    throw new CredentialsError(`No AWS credentials found. Tried:\n  - ${failures.join("\n  - ")}`);
  });
}

/** The AWS SDK v3 name of the default chain ({@link defaultCredentials}). */
export function defaultProvider(opts: SharedFilesOptions = {}): CredentialProvider {
  return defaultCredentials(opts);
}

function needsRefresh(credentials: Credentials, now: number): boolean {
  return credentials.expiration !== undefined && credentials.expiration.getTime() - now < REFRESH_MARGIN_MS;
}

/**
 * Caches the provider's credentials until 5 minutes before they expire. Concurrent callers share
 * one in-flight call; if a refresh fails while the old keys are still valid, those are used.
 */
export function memoize(provider: CredentialProvider): CredentialProvider {
  let cached: Promise<Credentials> | undefined;
  let current: Credentials | undefined;
  let pending: Promise<Credentials> | undefined;
  return () => {
    const now = Date.now();
    if (cached !== undefined && current !== undefined && !needsRefresh(current, now)) return cached;
    pending ??= provider().then(
      (fresh) => {
        current = fresh;
        cached = Promise.resolve(fresh);
        pending = undefined;
        return fresh;
      },
      (error: unknown) => {
        pending = undefined;
        const stillValid = current?.expiration !== undefined && current.expiration.getTime() > Date.now();
        if (stillValid) return current!;
        throw error;
      },
    );
    return pending;
  };
}

/** The explicit region, else AWS_REGION, else AWS_DEFAULT_REGION. */
export function resolveRegion(explicit?: string, env?: Env): string | undefined {
  if (explicit !== undefined && explicit !== "") return explicit;
  const vars = env ?? processEnv();
  return read(vars, "AWS_REGION") ?? read(vars, "AWS_DEFAULT_REGION");
}

/** The environment variable, or undefined when unset or empty; the process's environment by default. */
export function envSetting(name: string, env?: Env): string | undefined {
  return read(env ?? processEnv(), name);
}

/**
 * The settings of a profile (`profile`, else `AWS_PROFILE`, else default) in the shared config
 * file, or undefined when there is none or it cannot be read (browsers have no such file). Keys
 * lowercase.
 */
export async function profileSettings(env?: Env, profile?: string): Promise<Readonly<Record<string, string>> | undefined> {
  const vars = env ?? processEnv();
  try {
    const configPath = await expandHome(read(vars, "AWS_CONFIG_FILE") ?? "~/.aws/config", vars);
    const text = await readOptional(configPath);
    const name = profile !== undefined && profile !== "" ? profile : (read(vars, "AWS_PROFILE") ?? "default");
    return text === undefined ? undefined : configProfiles(parseIni(text)).get(name);
  } catch {
    return undefined;
  }
}
