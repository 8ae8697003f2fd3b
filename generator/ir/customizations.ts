// Facts about a service's wire behaviour that its model does not state, which every client must
// still honour. The AWS SDKs carry the same facts as per-service customizations; keyed here by
// the model's serviceId, the one name both sides share.

export interface ServiceCustomization {
  /** Request headers sent unless an input member sets the same header. */
  readonly defaultHeaders: Readonly<Record<string, string>>;
  /** Leave out amz-sdk-invocation-id and amz-sdk-request: the service's CORS rules refuse them. */
  readonly omitRetryHeaders: boolean;
}

const NONE: ServiceCustomization = { defaultHeaders: {}, omitRetryHeaders: false };

const CUSTOMIZATIONS: ReadonlyMap<string, ServiceCustomization> = new Map([
  // Without it API Gateway answers in HAL (application/hal+json), whose shape is not the model's.
  ["API Gateway", { defaultHeaders: { accept: "application/json" }, omitRetryHeaders: false }],
  ["ConnectParticipant", { defaultHeaders: {}, omitRetryHeaders: true }],
  ["DataBrew", { defaultHeaders: {}, omitRetryHeaders: true }],
  ["IoT", { defaultHeaders: {}, omitRetryHeaders: true }],
  ["Kinesis Video Signaling", { defaultHeaders: {}, omitRetryHeaders: true }],
]);

export function customizationFor(serviceId: string): ServiceCustomization {
  return CUSTOMIZATIONS.get(serviceId) ?? NONE;
}
