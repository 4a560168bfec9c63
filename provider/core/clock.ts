/** The coordinator's clock: the client's one definition (client/clock.ts), which core may import. */
export { SYSTEM_CLOCK, type Clock } from "../client/clock";
