// Which crypto a signer uses: node:crypto on Node (synchronous hashing, no key import), WebCrypto
// everywhere else or where node:crypto lacks what the signer needs. Chosen once, on first use.

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
          : import("node:crypto").then(
              (c) => fromNode(c) ?? web,
              () => web,
            )
      ).then((b) => (chosen = b));
      return loading;
    },
  };
}
