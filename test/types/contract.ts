/**
 * The two relations the type tests hold our code to. Each is a type alias whose constraint does the checking: when
 * it does not hold, `tsc` (run by `npm run typecheck`) fails and its message names the field that does not fit.
 */
import type { z } from "zod";

/** Qlik's version of the API these checks were last read against; see qlik-api-contract.test.ts. */
export const QLIK_API_VERSION = "2.19.0";

/** What we send or render (`Ours`) is a value of Qlik's type (`Qlik`). */
export type Fits<Qlik, Ours extends Qlik> = Ours;

/** Every value of Qlik's type passes our schema's input type: nothing Qlik may send is refused by its shape. */
export type Accepts<Schema extends z.ZodType, Qlik extends z.input<Schema>> = Qlik;

/** `true` only when A and B are the same type (not merely assignable either way). */
export type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

/** Compiles only when given `true`. */
export type Expect<T extends true> = T;
