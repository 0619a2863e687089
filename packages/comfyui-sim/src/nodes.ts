// Node definitions the simulator knows (a subset of ComfyUI's core nodes, shaped like GET /object_info),
// and ComfyUI's default text-to-image workflow in API format.

export type InputSpec = [unknown] | [unknown, Record<string, unknown>];

export interface NodeDef {
  input: { required: Record<string, InputSpec>; optional?: Record<string, InputSpec>; hidden?: Record<string, unknown> };
  input_order: { required: string[]; optional?: string[]; hidden?: string[] };
  output: string[];
  output_is_list: boolean[];
  output_name: string[];
  name: string;
  display_name: string;
  description: string;
  python_module: string;
  category: string;
  output_node: boolean;
  output_tooltips?: string[];
}

// The last two are what ComfyUI's own default workflow and its frontend's default graph name.
export const CHECKPOINTS = ['sim-model.safetensors', 'sd_xl_base_1.0.safetensors', 'v1-5-pruned-emaonly.safetensors', 'v1-5-pruned-emaonly-fp16.safetensors'];
export const LORAS = ['sim-lora.safetensors'];
export const VAES = ['sim-vae.safetensors'];
export const EMBEDDINGS = ['sim-embedding'];
/** ComfyUI's KSampler.SAMPLERS (comfy/samplers.py SAMPLER_NAMES, 0.3.6x): 42 names, so a wrong one is reported as "(list of length 42)". */
export const SAMPLERS = [
  'euler', 'euler_cfg_pp', 'euler_ancestral', 'euler_ancestral_cfg_pp', 'heun', 'heunpp2', 'dpm_2', 'dpm_2_ancestral',
  'lms', 'dpm_fast', 'dpm_adaptive', 'dpmpp_2s_ancestral', 'dpmpp_2s_ancestral_cfg_pp', 'dpmpp_sde', 'dpmpp_sde_gpu',
  'dpmpp_2m', 'dpmpp_2m_cfg_pp', 'dpmpp_2m_sde', 'dpmpp_2m_sde_gpu', 'dpmpp_2m_sde_heun', 'dpmpp_2m_sde_heun_gpu', 'dpmpp_3m_sde', 'dpmpp_3m_sde_gpu',
  'ddpm', 'lcm', 'ipndm', 'ipndm_v', 'deis', 'res_multistep', 'res_multistep_cfg_pp', 'res_multistep_ancestral', 'res_multistep_ancestral_cfg_pp',
  'gradient_estimation', 'gradient_estimation_cfg_pp', 'er_sde', 'seeds_2', 'seeds_3', 'sa_solver', 'sa_solver_pece',
  'ddim', 'uni_pc', 'uni_pc_bh2',
];
/** ComfyUI's KSampler.SCHEDULERS. */
export const SCHEDULERS = ['simple', 'sgm_uniform', 'karras', 'exponential', 'ddim_uniform', 'beta', 'normal', 'linear_quadratic', 'kl_optimal'];
/** `GET /models` answers ComfyUI's folder names. */
export const MODEL_FOLDERS = ['checkpoints', 'loras', 'vae', 'embeddings', 'clip', 'controlnet', 'upscale_models', 'diffusion_models', 'style_models', 'gligen'];
export const MODEL_FILES: Record<string, string[]> = {
  diffusion_models: [],
  style_models: [],
  gligen: [],
  checkpoints: CHECKPOINTS,
  loras: LORAS,
  vae: VAES,
  embeddings: EMBEDDINGS.map((e) => `${e}.safetensors`),
  clip: [],
  controlnet: [],
  upscale_models: [],
};

function def(
  name: string,
  display: string,
  category: string,
  required: Record<string, InputSpec>,
  output: string[],
  extra: Partial<NodeDef> = {},
): NodeDef {
  const hidden = extra.input?.hidden;
  return {
    input: { required, ...(hidden ? { hidden } : {}) },
    input_order: { required: Object.keys(required), ...(hidden ? { hidden: Object.keys(hidden) } : {}) },
    output,
    output_is_list: output.map(() => false),
    output_name: output,
    name,
    display_name: display,
    description: extra.description ?? '',
    python_module: 'nodes',
    category,
    output_node: extra.output_node ?? false,
  };
}

const IMAGE_HIDDEN = { input: { required: {}, hidden: { prompt: 'PROMPT', extra_pnginfo: 'EXTRA_PNGINFO' } } };

export const NODE_DEFS: Record<string, NodeDef> = {
  CheckpointLoaderSimple: def('CheckpointLoaderSimple', 'Load Checkpoint', 'loaders',
    { ckpt_name: [CHECKPOINTS, { tooltip: 'The name of the checkpoint (model) to load.' }] },
    ['MODEL', 'CLIP', 'VAE'], { description: 'Loads a diffusion model checkpoint.' }),
  CLIPTextEncode: def('CLIPTextEncode', 'CLIP Text Encode (Prompt)', 'conditioning',
    {
      text: ['STRING', { multiline: true, dynamicPrompts: true, tooltip: 'The text to be encoded.' }],
      clip: ['CLIP', { tooltip: 'The CLIP model used for encoding the text.' }],
    },
    ['CONDITIONING'], { description: 'Encodes a text prompt using a CLIP model.' }),
  EmptyLatentImage: def('EmptyLatentImage', 'Empty Latent Image', 'latent',
    {
      width: ['INT', { default: 512, min: 16, max: 16384, step: 8 }],
      height: ['INT', { default: 512, min: 16, max: 16384, step: 8 }],
      batch_size: ['INT', { default: 1, min: 1, max: 4096 }],
    },
    ['LATENT'], { description: 'Create a new batch of empty latent images to be denoised via sampling.' }),
  KSampler: def('KSampler', 'KSampler', 'sampling',
    {
      model: ['MODEL', { tooltip: 'The model used for denoising the input latent.' }],
      seed: ['INT', { default: 0, min: 0, max: 18446744073709551615, control_after_generate: true }],
      steps: ['INT', { default: 20, min: 1, max: 10000 }],
      cfg: ['FLOAT', { default: 8.0, min: 0.0, max: 100.0, step: 0.1, round: 0.01 }],
      sampler_name: [SAMPLERS],
      scheduler: [SCHEDULERS],
      positive: ['CONDITIONING'],
      negative: ['CONDITIONING'],
      latent_image: ['LATENT'],
      denoise: ['FLOAT', { default: 1.0, min: 0.0, max: 1.0, step: 0.01 }],
    },
    ['LATENT'], { description: 'Uses the provided model, positive and negative conditioning to denoise the latent image.' }),
  VAEDecode: def('VAEDecode', 'VAE Decode', 'latent',
    { samples: ['LATENT'], vae: ['VAE'] }, ['IMAGE'], { description: 'Decodes latent images back into pixel space images.' }),
  VAEEncode: def('VAEEncode', 'VAE Encode', 'latent', { pixels: ['IMAGE'], vae: ['VAE'] }, ['LATENT']),
  VAELoader: def('VAELoader', 'Load VAE', 'loaders', { vae_name: [VAES] }, ['VAE']),
  LoraLoader: def('LoraLoader', 'Load LoRA', 'loaders',
    {
      model: ['MODEL'],
      clip: ['CLIP'],
      lora_name: [LORAS],
      strength_model: ['FLOAT', { default: 1.0, min: -100.0, max: 100.0, step: 0.01 }],
      strength_clip: ['FLOAT', { default: 1.0, min: -100.0, max: 100.0, step: 0.01 }],
    },
    ['MODEL', 'CLIP']),
  // The loaders ComfyUI's frontend maps model folders to (its model library): it expects every one of them
  // in object_info, as a real ComfyUI has them, and fails to set up the nodes on the canvas otherwise.
  LoraLoaderModelOnly: def('LoraLoaderModelOnly', 'LoraLoaderModelOnly', 'loaders',
    { model: ['MODEL'], lora_name: [LORAS], strength_model: ['FLOAT', { default: 1.0, min: -100.0, max: 100.0, step: 0.01 }] },
    ['MODEL']),
  ImageOnlyCheckpointLoader: def('ImageOnlyCheckpointLoader', 'Image Only Checkpoint Loader (img2vid model)', 'loaders/video_models',
    { ckpt_name: [CHECKPOINTS] }, ['MODEL', 'CLIP_VISION', 'VAE']),
  ControlNetLoader: def('ControlNetLoader', 'Load ControlNet Model', 'loaders', { control_net_name: [MODEL_FILES.controlnet] }, ['CONTROL_NET']),
  UNETLoader: def('UNETLoader', 'Load Diffusion Model', 'advanced/loaders',
    { unet_name: [MODEL_FILES.diffusion_models], weight_dtype: [['default', 'fp8_e4m3fn', 'fp8_e4m3fn_fast', 'fp8_e5m2']] }, ['MODEL']),
  UpscaleModelLoader: def('UpscaleModelLoader', 'Load Upscale Model', 'loaders', { model_name: [MODEL_FILES.upscale_models] }, ['UPSCALE_MODEL']),
  StyleModelLoader: def('StyleModelLoader', 'Load Style Model', 'loaders', { style_model_name: [MODEL_FILES.style_models] }, ['STYLE_MODEL']),
  GLIGENLoader: def('GLIGENLoader', 'GLIGENLoader', 'loaders', { gligen_name: [MODEL_FILES.gligen] }, ['GLIGEN']),
  LoadImage: def('LoadImage', 'Load Image', 'image', { image: [[], { image_upload: true }] }, ['IMAGE', 'MASK']),
  SaveImage: {
    ...def('SaveImage', 'Save Image', 'image',
      {
        images: ['IMAGE', { tooltip: 'The images to save.' }],
        filename_prefix: ['STRING', { default: 'ComfyUI', tooltip: 'The prefix for the file to save.' }],
      },
      [], { output_node: true, description: 'Saves the input images to your ComfyUI output directory.', ...IMAGE_HIDDEN }),
  },
  PreviewImage: {
    ...def('PreviewImage', 'Preview Image', 'image', { images: ['IMAGE'] }, [],
      { output_node: true, description: 'Saves the input images to your ComfyUI temp directory.', ...IMAGE_HIDDEN }),
  },
};

/** Node classes that produce images shown in history (`type` of the file they write). */
export const IMAGE_OUTPUT_NODES: Record<string, 'output' | 'temp'> = { SaveImage: 'output', PreviewImage: 'temp' };

/** Node classes that "sample" and therefore emit `progress` events. */
export const SAMPLER_NODES = new Set(['KSampler', 'KSamplerAdvanced', 'SamplerCustom']);

export type ApiPrompt = Record<string, { class_type: string; inputs: Record<string, unknown>; _meta?: { title?: string } }>;

/** ComfyUI's default workflow (the one the UI opens with), in API format. The output node is "9". */
export function defaultWorkflow(text = 'beautiful scenery nature glass bottle landscape, , purple galaxy bottle,', seed = 156680208700286): ApiPrompt {
  return {
    '3': {
      class_type: 'KSampler',
      inputs: {
        seed, steps: 20, cfg: 8, sampler_name: 'euler', scheduler: 'normal', denoise: 1,
        model: ['4', 0], positive: ['6', 0], negative: ['7', 0], latent_image: ['5', 0],
      },
      _meta: { title: 'KSampler' },
    },
    '4': { class_type: 'CheckpointLoaderSimple', inputs: { ckpt_name: 'v1-5-pruned-emaonly.safetensors' }, _meta: { title: 'Load Checkpoint' } },
    '5': { class_type: 'EmptyLatentImage', inputs: { width: 512, height: 512, batch_size: 1 }, _meta: { title: 'Empty Latent Image' } },
    '6': { class_type: 'CLIPTextEncode', inputs: { text, clip: ['4', 1] }, _meta: { title: 'CLIP Text Encode (Prompt)' } },
    '7': { class_type: 'CLIPTextEncode', inputs: { text: 'text, watermark', clip: ['4', 1] }, _meta: { title: 'CLIP Text Encode (Prompt)' } },
    '8': { class_type: 'VAEDecode', inputs: { samples: ['3', 0], vae: ['4', 2] }, _meta: { title: 'VAE Decode' } },
    '9': { class_type: 'SaveImage', inputs: { filename_prefix: 'ComfyUI', images: ['8', 0] }, _meta: { title: 'Save Image' } },
  };
}
