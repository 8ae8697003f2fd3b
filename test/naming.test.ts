import { describe, expect, it } from "vitest";
import { NameTable, camelCase, kebabCase, pascalCase, propertyKey, toIdentifier } from "../generator/naming.js";

describe("naming", () => {
  it("converts operation names", () => {
    expect(camelCase("ListAccountAssociations")).toBe("listAccountAssociations");
    expect(camelCase("ACMThing")).toBe("acmThing");
    expect(camelCase("DBSnapshots")).toBe("dbSnapshots");
    expect(kebabCase("ListAccountAssociations")).toBe("list-account-associations");
    expect(kebabCase("DescribeDBInstances")).toBe("describe-db-instances");
  });

  it("makes identifiers of any model name", () => {
    expect(toIdentifier("Foo.Bar-baz")).toBe("FooBarBaz");
    expect(toIdentifier("3dModel")).toBe("_3dModel");
    expect(toIdentifier("")).toBe("_");
    expect(pascalCase("IoT Managed Integrations")).toBe("IoTManagedIntegrations");
    expect(propertyKey("odd-name")).toBe('"odd-name"');
    expect(propertyKey("Plain")).toBe("Plain");
  });

  it("escapes reserved words and builtin names, and suffixes collisions in claim order", () => {
    const table = new NameTable(["IoTClient"]);
    expect(table.claim("String")).toBe("String_");
    expect(table.claim("Error")).toBe("Error_");
    expect(table.claim("Date")).toBe("Date_");
    expect(table.claim("constructor")).toBe("constructor_");
    expect(table.claim("delete")).toBe("delete_");
    expect(table.claim("IoTClient")).toBe("IoTClient_");
    expect(table.claim("String_")).toBe("String__");
    expect(table.claim("String_")).toBe("String__2");
    expect(table.claim("Thing")).toBe("Thing");
    expect(table.claim("Thing")).toBe("Thing_");
  });
});
