export { createModelClient, DEFAULT_TIMEOUTS, type ModelClientConfig, type ModelTimeouts } from "./client";
export { ModelError, errorFromStatus, parseContextError, type ModelErrorCode } from "./errors";
export { dataUriResolver, signedUrlResolver, type ImageUrlResolver } from "./image-urls";
export { toVllmBody } from "./request-body";
export { checkModelServer, type CheckModelServerInput, type CheckModelServerResult } from "./check";
export { listModels, parseModelList, type ListModelsInput, type ModelListing, type ServedModel } from "./models";
