import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import {
  CredentialsError,
  defaultCredentials,
  fromEnv,
  fromSharedFiles,
  memoize,
  resolveRegion,
  toCredentialProvider,
  type Credentials,
} from "../generator/runtime/auth/credentials.js";

let dir: string;
let counter = 0;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "svcgen-credentials-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A fresh home directory with the given ~/.aws files; returns the env that points at it. */
async function home(files: { credentials?: string; config?: string }): Promise<Record<string, string>> {
  const homeDir = join(dir, `home-${counter++}`);
  await mkdir(join(homeDir, ".aws"), { recursive: true });
  if (files.credentials !== undefined) await writeFile(join(homeDir, ".aws", "credentials"), files.credentials);
  if (files.config !== undefined) await writeFile(join(homeDir, ".aws", "config"), files.config);
  return { HOME: homeDir };
}

async function rejection(promise: Promise<unknown>): Promise<CredentialsError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CredentialsError);
  return error as CredentialsError;
}

describe("fromEnv", () => {
  it("reads keys, session token and expiration", async () => {
    const creds = await fromEnv({
      AWS_ACCESS_KEY_ID: "AKID",
      AWS_SECRET_ACCESS_KEY: "SECRET",
      AWS_SESSION_TOKEN: "TOKEN",
      AWS_CREDENTIAL_EXPIRATION: "2030-01-02T03:04:05Z",
    })();
    expect(creds).toEqual({
      accessKeyId: "AKID",
      secretAccessKey: "SECRET",
      sessionToken: "TOKEN",
      expiration: new Date(Date.UTC(2030, 0, 2, 3, 4, 5)),
    });
  });

  it("says which variables are missing; empty values count as missing", async () => {
    expect((await rejection(fromEnv({})())).message).toBe("environment: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set");
    const half = await rejection(fromEnv({ AWS_ACCESS_KEY_ID: "AKID", AWS_SECRET_ACCESS_KEY: "" })());
    expect(half.message).toBe("environment: AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not");
  });

  it("rejects an unreadable expiration", async () => {
    const error = await rejection(fromEnv({ AWS_ACCESS_KEY_ID: "A", AWS_SECRET_ACCESS_KEY: "S", AWS_CREDENTIAL_EXPIRATION: "soon" })());
    expect(error.message).toContain("AWS_CREDENTIAL_EXPIRATION");
  });

  it("reads the variables at each call", async () => {
    const env: Record<string, string | undefined> = { AWS_ACCESS_KEY_ID: "A1", AWS_SECRET_ACCESS_KEY: "S1" };
    const provider = fromEnv(env);
    expect((await provider()).accessKeyId).toBe("A1");
    env["AWS_ACCESS_KEY_ID"] = "A2";
    expect((await provider()).accessKeyId).toBe("A2");
  });
});

describe("fromSharedFiles", () => {
  it("reads the default profile from ~/.aws/credentials, ignoring comments and spacing", async () => {
    const env = await home({
      credentials: [
        "# leading comment",
        "[other]",
        "aws_access_key_id = OTHER",
        "aws_secret_access_key = OTHERSECRET",
        "",
        "[ default ]   ; inline comment",
        "  aws_access_key_id=AKID  ",
        "aws_secret_access_key =  SECRET # trailing comment",
        "aws_session_token = TOKEN",
      ].join("\r\n"),
    });
    expect(await fromSharedFiles({ env })()).toEqual({
      accessKeyId: "AKID",
      secretAccessKey: "SECRET",
      sessionToken: "TOKEN",
    });
  });

  it("chooses the profile: option, then AWS_PROFILE, then default", async () => {
    const env = await home({
      credentials:
        "[default]\naws_access_key_id=D\naws_secret_access_key=DS\n[a]\naws_access_key_id=A\naws_secret_access_key=AS\n[b]\naws_access_key_id=B\naws_secret_access_key=BS\n",
    });
    expect((await fromSharedFiles({ env })()).accessKeyId).toBe("D");
    expect((await fromSharedFiles({ env: { ...env, AWS_PROFILE: "a" } })()).accessKeyId).toBe("A");
    expect((await fromSharedFiles({ env: { ...env, AWS_PROFILE: "a" }, profile: "b" })()).accessKeyId).toBe("B");
  });

  it('reads "profile x" sections of ~/.aws/config, the credentials file winning per key', async () => {
    const env = await home({
      config: [
        "[default]",
        "region = eu-west-1",
        "[profile dev]",
        "aws_access_key_id = FROMCONFIG",
        "aws_secret_access_key = CONFIGSECRET",
        "s3 =",
        "  max_concurrent_requests = 20",
        "aws_session_token = CONFIGTOKEN",
        "[dev]",
        "aws_access_key_id = NOT_A_PROFILE",
        "[sso-session corp]",
        "sso_start_url = https://example.com/start",
      ].join("\n"),
      credentials: "[dev]\naws_secret_access_key = CREDSECRET\n",
    });
    expect(await fromSharedFiles({ env, profile: "dev" })()).toEqual({
      accessKeyId: "FROMCONFIG",
      secretAccessKey: "CREDSECRET",
      sessionToken: "CONFIGTOKEN",
    });
  });

  it("takes file locations from AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE, expanding ~", async () => {
    const env = await home({});
    await writeFile(join(env["HOME"]!, "my-creds"), "[x]\naws_access_key_id=K\naws_secret_access_key=S\n");
    await writeFile(join(dir, `config-${counter}`), "[profile y]\naws_access_key_id=K2\naws_secret_access_key=S2\n");
    const custom = {
      ...env,
      AWS_SHARED_CREDENTIALS_FILE: "~/my-creds",
      AWS_CONFIG_FILE: join(dir, `config-${counter}`),
    };
    expect((await fromSharedFiles({ env: custom, profile: "x" })()).accessKeyId).toBe("K");
    expect((await fromSharedFiles({ env: custom, profile: "y" })()).accessKeyId).toBe("K2");
  });

  it("names the profile and both files when the profile is missing", async () => {
    const env = await home({ credentials: "[default]\naws_access_key_id=A\naws_secret_access_key=S\n" });
    const error = await rejection(fromSharedFiles({ env, profile: "nope" })());
    expect(error.message).toContain('profile "nope" not found');
    expect(error.message).toContain(`${env["HOME"]!}/.aws/credentials or`);
    expect(error.message).toContain("config (missing)");
  });

  it("explains that assume-role, SSO and process profiles need an external provider", async () => {
    const env = await home({
      config: [
        "[profile role]",
        "role_arn = arn:aws:iam::123456789012:role/r",
        "source_profile = default",
        "aws_access_key_id = SHOULD_NOT_BE_USED",
        "aws_secret_access_key = SHOULD_NOT_BE_USED",
        "[profile sso]",
        "sso_session = corp",
        "sso_account_id = 123456789012",
        "[profile proc]",
        "credential_process = /bin/get-creds",
      ].join("\n"),
    });
    const role = await rejection(fromSharedFiles({ env, profile: "role" })());
    expect(role.message).toContain("assume-role (role_arn)");
    expect(role.message).toContain("static keys only");
    expect(role.message).toContain("credential provider");
    expect((await rejection(fromSharedFiles({ env, profile: "sso" })())).message).toContain("SSO");
    expect((await rejection(fromSharedFiles({ env, profile: "proc" })())).message).toContain("credential_process");
  });

  it("reports a profile without keys, and a file that cannot be read", async () => {
    const env = await home({ credentials: "[default]\nregion = us-east-1\n" });
    expect((await rejection(fromSharedFiles({ env })())).message).toContain("has no aws_access_key_id");
    const unreadable = await rejection(fromSharedFiles({ env: { ...env, AWS_CONFIG_FILE: dir } })());
    expect(unreadable.message).toContain(`cannot read ${dir}`);
    expect(unreadable.cause).toBeDefined();
  });
});

describe("defaultCredentials", () => {
  const fileKeys = "[default]\naws_access_key_id=FILE\naws_secret_access_key=FILESECRET\n";

  it("prefers the environment, then the shared files", async () => {
    const env = await home({ credentials: fileKeys });
    const withEnv = { ...env, AWS_ACCESS_KEY_ID: "ENV", AWS_SECRET_ACCESS_KEY: "ENVSECRET" };
    expect((await defaultCredentials({ env: withEnv })()).accessKeyId).toBe("ENV");
    expect((await defaultCredentials({ env })()).accessKeyId).toBe("FILE");
  });

  it("skips the environment when a profile is named explicitly", async () => {
    const env = await home({ credentials: `${fileKeys}[p]\naws_access_key_id=P\naws_secret_access_key=PS\n` });
    const withEnv = { ...env, AWS_ACCESS_KEY_ID: "ENV", AWS_SECRET_ACCESS_KEY: "ENVSECRET" };
    expect((await defaultCredentials({ env: withEnv, profile: "p" })()).accessKeyId).toBe("P");
  });

  it("lists every source it tried when none has keys", async () => {
    const env = await home({});
    const error = await rejection(defaultCredentials({ env })());
    expect(error.message).toMatch(
      /^No AWS credentials found\. Tried:\n {2}- environment: .*\n {2}- shared files: profile "default" not found/,
    );
  });

  it("reads the files once and keeps static keys", async () => {
    const env = await home({ credentials: fileKeys });
    const provider = defaultCredentials({ env });
    expect((await provider()).accessKeyId).toBe("FILE");
    await writeFile(join(env["HOME"]!, ".aws", "credentials"), fileKeys.replace("FILE", "CHANGED"));
    expect((await provider()).accessKeyId).toBe("FILE");
  });
});

describe("memoize", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  function counting(make: (call: number) => Credentials | Error) {
    let calls = 0;
    const provider = async () => {
      calls++;
      await new Promise((resolve) => setTimeout(resolve, 5));
      const result = make(calls);
      if (result instanceof Error) throw result;
      return result;
    };
    return { provider, calls: () => calls };
  }

  it("shares one in-flight call between concurrent callers and caches keys without expiration", async () => {
    const source = counting((n) => ({ accessKeyId: `A${n}`, secretAccessKey: "S" }));
    const provider = memoize(source.provider);
    const all = await Promise.all([provider(), provider(), provider()]);
    expect(all.map((c) => c.accessKeyId)).toEqual(["A1", "A1", "A1"]);
    expect((await provider()).accessKeyId).toBe("A1");
    expect(source.calls()).toBe(1);
  });

  it("refreshes five minutes before expiration", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const start = Date.UTC(2030, 0, 1);
    vi.setSystemTime(start);
    const source = counting((n) => ({
      accessKeyId: `A${n}`,
      secretAccessKey: "S",
      expiration: new Date(Date.now() + 10 * 60_000),
    }));
    const provider = memoize(source.provider);
    expect((await provider()).accessKeyId).toBe("A1");
    vi.setSystemTime(start + 4 * 60_000);
    expect((await provider()).accessKeyId).toBe("A1");
    vi.setSystemTime(start + 5 * 60_000 + 1);
    expect((await provider()).accessKeyId).toBe("A2");
    expect(source.calls()).toBe(2);
  });

  it("keeps still-valid keys when a refresh fails, and retries after a failure", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const start = Date.UTC(2030, 0, 1);
    vi.setSystemTime(start);
    const source = counting((n) =>
      n === 1
        ? { accessKeyId: "A1", secretAccessKey: "S", expiration: new Date(start + 10 * 60_000) }
        : n <= 3
          ? new Error(`down ${n}`)
          : { accessKeyId: `A${n}`, secretAccessKey: "S" },
    );
    const provider = memoize(source.provider);
    expect((await provider()).accessKeyId).toBe("A1");
    vi.setSystemTime(start + 6 * 60_000);
    expect((await provider()).accessKeyId).toBe("A1");
    vi.setSystemTime(start + 11 * 60_000);
    await expect(provider()).rejects.toThrow("down 3");
    expect((await provider()).accessKeyId).toBe("A4");
  });
});

describe("toCredentialProvider and resolveRegion", () => {
  it("wraps static credentials and passes providers through", async () => {
    const keys = { accessKeyId: "A", secretAccessKey: "S" };
    expect(await toCredentialProvider(keys)()).toBe(keys);
    const provider = async () => keys;
    expect(toCredentialProvider(provider)).toBe(provider);
  });

  it("takes the explicit region, then AWS_REGION, then AWS_DEFAULT_REGION", () => {
    const env = { AWS_REGION: "eu-west-1", AWS_DEFAULT_REGION: "us-west-2" };
    expect(resolveRegion("ap-south-1", env)).toBe("ap-south-1");
    expect(resolveRegion(undefined, env)).toBe("eu-west-1");
    expect(resolveRegion("", { AWS_REGION: "", AWS_DEFAULT_REGION: "us-west-2" })).toBe("us-west-2");
    expect(resolveRegion(undefined, {})).toBeUndefined();
  });
});

describe("browser safety", () => {
  it("imports no node: module statically", async () => {
    const source = await readFile(new URL("../generator/runtime/auth/credentials.ts", import.meta.url), "utf8");
    const staticImports = source.match(/^import\s[^;]*from\s+"[^"]+"/gm) ?? [];
    expect(staticImports.filter((line) => line.includes('"node:'))).toEqual([]);
    // File access comes through platform/node.ts, loaded lazily; browser bundles map it away.
    expect(source).toContain('await import("../platform/node.js")');
  });
});
