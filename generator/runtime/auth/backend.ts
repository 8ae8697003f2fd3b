// Which crypto a signer uses: node:crypto on Node (synchronous hashing, no key import), WebCrypto
// everywhere else or where node:crypto lacks what the signer needs. Chosen once, on first use.
// node:crypto comes through platform/node.ts, which browser bundles map to nothing.

/** A lazily chosen backend: `current()` is set after the first `load()` settles. */
export interface BackendChoice<B> {
  current(): B | undefined;
  load(): Promise<B>;
}

export function chooseBackend<B>(fromNode: (crypto: typeof import("node:crypto")) => B | undefined, web: B): BackendChoice<B> {
  let chosen: B | undefined;
  let loading: Promise<B> | undefined;
  return {
    current: () => chosen,
    load() {
      loading ??= (
        globalThis.process?.versions?.node === undefined
          ? Promise.resolve(web)
          : import("../platform/node.js").then(
              // Empty where a bundler mapped the module away: WebCrypto then.
              (p: Partial<typeof import("../platform/node.js")>) => (p.crypto === undefined ? web : (fromNode(p.crypto) ?? web)),
              () => web,
            )
      ).then((b) => (chosen = b));
      return loading;
    },
  };
}
