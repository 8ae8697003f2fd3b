import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { dnsSuffix, resolveEndpoint } from "../generator/runtime/endpoint.js";

const repoRoot = fileURLToPath(new URL("..", import.meta.url));

interface PartitionsFile {
  partitions: Array<{
    id: string;
    regionRegex: string;
    outputs: { dnsSuffix: string };
    regions: Record<string, unknown>;
  }>;
}

const partitionsFile = JSON.parse(
  readFileSync(`${repoRoot}../shared/corpus/botocore/partitions.json`, "utf8"),
) as PartitionsFile;

describe("dnsSuffix", () => {
  it("knows at least the eight published partitions", () => {
    expect(partitionsFile.partitions.map((p) => p.id).sort()).toEqual(
      expect.arrayContaining([
        "aws",
        "aws-cn",
        "aws-eusc",
        "aws-iso",
        "aws-iso-b",
        "aws-iso-e",
        "aws-iso-f",
        "aws-us-gov",
      ]),
    );
  });

  for (const partition of partitionsFile.partitions) {
    it(`maps every region of ${partition.id} in partitions.json to ${partition.outputs.dnsSuffix}`, () => {
      const regions = Object.keys(partition.regions);
      expect(regions.length).toBeGreaterThan(0);
      for (const region of regions)
        expect({ region, suffix: dnsSuffix(region) }).toEqual({ region, suffix: partition.outputs.dnsSuffix });
    });
  }

  it("follows each partition's region pattern for regions not yet published", () => {
    const future: Array<[string, string]> = [
      ["ap-newzone-9", "amazonaws.com"],
      ["mx-north-2", "amazonaws.com"],
      ["cn-south-7", "amazonaws.com.cn"],
      ["us-gov-north-3", "amazonaws.com"],
      ["us-iso-north-2", "c2s.ic.gov"],
      ["us-isob-south-4", "sc2s.sgov.gov"],
      ["eu-isoe-north-4", "cloud.adc-e.uk"],
      ["us-isof-north-3", "csp.hci.ic.gov"],
      ["eusc-de-west-2", "amazonaws.eu"],
    ];
    for (const [region, suffix] of future) expect({ region, suffix: dnsSuffix(region) }).toEqual({ region, suffix });
    // The file's own patterns agree with the expectations above.
    for (const [region, suffix] of future) {
      const owners = partitionsFile.partitions.filter((p) => new RegExp(p.regionRegex).test(region));
      expect(owners.map((p) => p.outputs.dnsSuffix)).toEqual([suffix]);
    }
  });

  it("puts unknown region names in the aws partition", () => {
    expect(dnsSuffix("local")).toBe("amazonaws.com");
    expect(dnsSuffix("xx-test-1")).toBe("amazonaws.com");
  });
});

describe("resolveEndpoint", () => {
  it("builds https://{prefix}.{region}.{dnsSuffix}", () => {
    expect(resolveEndpoint("api.iotmanagedintegrations", "eu-west-1")).toEqual({
      protocol: "https:",
      hostname: "api.iotmanagedintegrations.eu-west-1.amazonaws.com",
      basePath: "",
    });
    expect(resolveEndpoint("iot", "cn-north-1").hostname).toBe("iot.cn-north-1.amazonaws.com.cn");
    expect(resolveEndpoint("iot", "us-isob-east-1").hostname).toBe("iot.us-isob-east-1.sc2s.sgov.gov");
  });

  it("rejects a region that is not one DNS label, so nothing can be injected into the host", () => {
    for (const region of [
      "us-east-1.evil.com/",
      "us-east-1.evil.com",
      "us-east-1/",
      "evil.com#",
      "us-east-1@evil.com",
      "us east 1",
      "",
      "-us-east-1",
      "us-east-1-",
      "US-EAST-1",
      "a".repeat(64),
    ]) {
      expect(() => resolveEndpoint("iot", region), region).toThrow(/^Invalid region /);
    }
    expect(resolveEndpoint("iot", "a".repeat(63)).hostname).toBe(`iot.${"a".repeat(63)}.amazonaws.com`);
  });

  it("rejects an endpoint prefix that is not a DNS name", () => {
    expect(() => resolveEndpoint("iot/evil", "us-east-1")).toThrow(/^Invalid endpoint prefix/);
    expect(() => resolveEndpoint("", "us-east-1")).toThrow(/^Invalid endpoint prefix/);
  });

  it("uses an override URL as given, keeping its path as basePath", () => {
    expect(resolveEndpoint("iot", "us-east-1", "http://127.0.0.1:4566")).toEqual({
      protocol: "http:",
      hostname: "127.0.0.1",
      port: 4566,
      basePath: "",
    });
    expect(resolveEndpoint("iot", "us-east-1", "https://gateway.example.com/stage/v1/")).toEqual({
      protocol: "https:",
      hostname: "gateway.example.com",
      port: undefined,
      basePath: "/stage/v1",
    });
    expect(resolveEndpoint("iot", "us-east-1", new URL("https://example.com:443/a b")).basePath).toBe("/a%20b");
    expect(resolveEndpoint("iot", "us-east-1", new URL("https://example.com:443/")).port).toBeUndefined();
    expect(resolveEndpoint("iot", "us-east-1", "http://[::1]:8080/").hostname).toBe("[::1]");
  });

  it("ignores the region with an override, so local names work", () => {
    expect(resolveEndpoint("iot", "local", "http://localhost:9000").hostname).toBe("localhost");
  });

  it("rejects overrides that are not plain http(s) base URLs, without echoing a password", () => {
    expect(() => resolveEndpoint("iot", "us-east-1", "example.com")).toThrow(/not an absolute URL/);
    expect(() => resolveEndpoint("iot", "us-east-1", "ftp://example.com")).toThrow(/scheme must be https: or http:/);
    expect(() => resolveEndpoint("iot", "us-east-1", "https://example.com/?a=1")).toThrow(/query or fragment/);
    expect(() => resolveEndpoint("iot", "us-east-1", "https://example.com/#x")).toThrow(/query or fragment/);
    let message = "";
    try {
      resolveEndpoint("iot", "us-east-1", "https://user:hunter2@example.com/");
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain("credentials in the URL are not allowed");
    expect(message).not.toContain("hunter2");
  });
});
