export const SIM_VERSION = '0.3.66-sim';
