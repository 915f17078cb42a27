export * from "./events";
export * from "./state";
export { applyEvent, emptyTrace, reduceTrace } from "./reduce";
