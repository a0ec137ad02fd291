/**
 * The version `/version` and `--version` report: `deno.json`'s, which the image build sets from
 * its `VERSION` argument before compiling.
 * @module
 */
import denoConfig from "../../deno.json" with { type: "json" };

/** This build's version. */
export const VERSION: string = denoConfig.version;
