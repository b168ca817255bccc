"""PyTorch modules of the tiny VLMs. The same modules produce the ONNX files and
the goldens, so the goldens are exactly what the graphs compute.

Export-friendly choices (measured, see docs/MODEL-LAYOUT-NOTES.md): causal mask
built with arange from attention_mask's length, RoPE from position_ids, grouped
query attention by broadcasting, masking with where(.., -1e9), the past only ever
concatenated.
"""
import math

import torch
from torch import nn
import torch.nn.functional as F

NEG = -1e9


class RMSNorm(nn.Module):
    def __init__(self, dim, eps=1e-6):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(dim))
        self.eps = eps

    def forward(self, x):
        var = x.pow(2).mean(-1, keepdim=True)
        return x * torch.rsqrt(var + self.eps) * self.weight


def rotate_half(x):
    half = x.shape[-1] // 2
    return torch.cat((-x[..., half:], x[..., :half]), dim=-1)


class TextConfig:
    def __init__(self, vocab_size, hidden_size=64, layers=2, heads=4, kv_heads=2,
                 intermediate=128, rope_theta=10000.0, rms_eps=1e-6, max_pos=2048):
        self.vocab_size = vocab_size
        self.hidden_size = hidden_size
        self.layers = layers
        self.heads = heads
        self.kv_heads = kv_heads
        self.head_dim = hidden_size // heads
        self.intermediate = intermediate
        self.rope_theta = rope_theta
        self.rms_eps = rms_eps
        self.max_pos = max_pos


class DecoderLayer(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.c = c
        h, d = c.hidden_size, c.head_dim
        self.input_norm = RMSNorm(h, c.rms_eps)
        self.q_proj = nn.Linear(h, c.heads * d, bias=False)
        self.k_proj = nn.Linear(h, c.kv_heads * d, bias=False)
        self.v_proj = nn.Linear(h, c.kv_heads * d, bias=False)
        self.o_proj = nn.Linear(c.heads * d, h, bias=False)
        self.post_norm = RMSNorm(h, c.rms_eps)
        self.gate_proj = nn.Linear(h, c.intermediate, bias=False)
        self.up_proj = nn.Linear(h, c.intermediate, bias=False)
        self.down_proj = nn.Linear(c.intermediate, h, bias=False)

    def forward(self, x, cos, sin, mask, past_k, past_v, kv_fp16):
        c = self.c
        b, s, _ = x.shape
        g = c.heads // c.kv_heads
        y = self.input_norm(x)
        q = self.q_proj(y).view(b, s, c.heads, c.head_dim).transpose(1, 2)
        k = self.k_proj(y).view(b, s, c.kv_heads, c.head_dim).transpose(1, 2)
        v = self.v_proj(y).view(b, s, c.kv_heads, c.head_dim).transpose(1, 2)
        q = q * cos + rotate_half(q) * sin
        k = k * cos + rotate_half(k) * sin
        if kv_fp16:
            # The cache holds fp16; compute with exactly the rounded values so the
            # first step and later cached steps see the same numbers.
            k_all = torch.cat([past_k.float(), k.half().float()], dim=2)
            v_all = torch.cat([past_v.float(), v.half().float()], dim=2)
            present_k, present_v = k_all.half(), v_all.half()
        else:
            k_all = torch.cat([past_k, k], dim=2)
            v_all = torch.cat([past_v, v], dim=2)
            present_k, present_v = k_all, v_all
        t = k_all.shape[2]
        qg = q.reshape(b, c.kv_heads, g, s, c.head_dim)
        kg = k_all.unsqueeze(2)
        vg = v_all.unsqueeze(2)
        scores = torch.matmul(qg, kg.transpose(-1, -2)) / math.sqrt(c.head_dim)
        scores = torch.where(mask, scores, torch.full_like(scores, NEG))
        attn = torch.softmax(scores, dim=-1)
        o = torch.matmul(attn, vg).reshape(b, c.heads, s, c.head_dim)
        o = o.transpose(1, 2).reshape(b, s, c.heads * c.head_dim)
        x = x + self.o_proj(o)
        y = self.post_norm(x)
        x = x + self.down_proj(F.silu(self.gate_proj(y)) * self.up_proj(y))
        return x, present_k, present_v


class Decoder(nn.Module):
    """inputs_embeds, attention_mask, position_ids, past... -> logits, present..."""

    def __init__(self, c, kv_fp16=False):
        super().__init__()
        self.c = c
        self.kv_fp16 = kv_fp16
        self.layers = nn.ModuleList(DecoderLayer(c) for _ in range(c.layers))
        self.norm = RMSNorm(c.hidden_size, c.rms_eps)
        self.lm_head = nn.Linear(c.hidden_size, c.vocab_size, bias=False)
        inv = 1.0 / (c.rope_theta ** (torch.arange(0, c.head_dim, 2, dtype=torch.float32) / c.head_dim))
        self.register_buffer("inv_freq", inv, persistent=False)

    def forward(self, inputs_embeds, attention_mask, position_ids, *past):
        b, s, _ = inputs_embeds.shape
        total = attention_mask.shape[1]
        past_len = total - s
        freqs = position_ids.to(torch.float32).unsqueeze(-1) * self.inv_freq
        emb = torch.cat([freqs, freqs], dim=-1).unsqueeze(1)  # [b, 1, s, d]
        cos, sin = emb.cos(), emb.sin()
        q_pos = torch.arange(s, device=inputs_embeds.device).unsqueeze(1) + past_len
        k_pos = torch.arange(total, device=inputs_embeds.device).unsqueeze(0)
        causal = k_pos <= q_pos  # [s, total]
        keep = attention_mask.to(torch.bool)[:, None, None, None, :]  # [b,1,1,1,t]
        mask = causal[None, None, None, :, :] & keep
        x = inputs_embeds
        presents = []
        for i, layer in enumerate(self.layers):
            x, pk, pv = layer(x, cos, sin, mask, past[2 * i], past[2 * i + 1], self.kv_fp16)
            presents += [pk, pv]
        logits = self.lm_head(self.norm(x))
        return (logits, *presents)


class EmbedTokens(nn.Module):
    def __init__(self, vocab, hidden):
        super().__init__()
        self.embed = nn.Embedding(vocab, hidden)

    def forward(self, input_ids):
        return self.embed(input_ids)


class VisionBlock(nn.Module):
    def __init__(self, hidden, heads, mlp):
        super().__init__()
        self.heads = heads
        self.ln1 = nn.LayerNorm(hidden, eps=1e-5)
        self.qkv = nn.Linear(hidden, 3 * hidden)
        self.proj = nn.Linear(hidden, hidden)
        self.ln2 = nn.LayerNorm(hidden, eps=1e-5)
        self.fc1 = nn.Linear(hidden, mlp)
        self.fc2 = nn.Linear(mlp, hidden)

    def forward(self, x, key_keep=None):
        n, p, h = x.shape
        d = h // self.heads
        q, k, v = self.qkv(self.ln1(x)).view(n, p, 3, self.heads, d).permute(2, 0, 3, 1, 4)
        scores = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(d)
        if key_keep is not None:
            scores = torch.where(key_keep[:, None, None, :], scores, torch.full_like(scores, NEG))
        o = torch.matmul(torch.softmax(scores, dim=-1), v).transpose(1, 2).reshape(n, p, h)
        x = x + self.proj(o)
        return x + self.fc2(F.gelu(self.fc1(self.ln2(x)), approximate="tanh"))


class LlavaVision(nn.Module):
    """pixel_values [b, 3, S, S] -> image_features [b, (S/p)^2, text_hidden].
    CLIP-like: conv patchify (no CLS token, so the feature count is exactly the patch
    count), learned positions, pre-LN blocks, then a 2-layer GELU projector."""

    def __init__(self, image_size, patch, hidden, heads, layers, mlp, text_hidden):
        super().__init__()
        self.patch_embed = nn.Conv2d(3, hidden, patch, stride=patch, bias=False)
        self.pos = nn.Parameter(torch.zeros(1, (image_size // patch) ** 2, hidden))
        self.pre_ln = nn.LayerNorm(hidden, eps=1e-5)
        self.blocks = nn.ModuleList(VisionBlock(hidden, heads, mlp) for _ in range(layers))
        self.proj1 = nn.Linear(hidden, text_hidden)
        self.proj2 = nn.Linear(text_hidden, text_hidden)

    def forward(self, pixel_values):
        x = self.patch_embed(pixel_values).flatten(2).transpose(1, 2) + self.pos
        x = self.pre_ln(x)
        for blk in self.blocks:
            x = blk(x)
        return self.proj2(F.gelu(self.proj1(x)))


class Idefics3Vision(nn.Module):
    """pixel_values [b, n, 3, S, S] float, pixel_attention_mask [b, n, S, S] bool ->
    image_features [b*n, (S/p/scale)^2, text_hidden].

    SigLIP-like encoder; a patch takes part in attention when any of its pixels is
    valid in pixel_attention_mask (padded keys are masked). Then the Idefics3
    connector: pixel shuffle by `scale` (scale^2 neighbouring patches concatenated
    into one token) and a bias-free linear projection."""

    def __init__(self, image_size, patch, hidden, heads, layers, mlp, text_hidden, scale):
        super().__init__()
        self.patch = patch
        self.grid = image_size // patch
        self.scale = scale
        self.hidden = hidden
        self.patch_embed = nn.Conv2d(3, hidden, patch, stride=patch)
        self.pos = nn.Parameter(torch.zeros(1, self.grid * self.grid, hidden))
        self.blocks = nn.ModuleList(VisionBlock(hidden, heads, mlp) for _ in range(layers))
        self.post_ln = nn.LayerNorm(hidden, eps=1e-6)
        self.connector = nn.Linear(hidden * scale * scale, text_hidden, bias=False)

    def forward(self, pixel_values, pixel_attention_mask):
        b, n, ch, hgt, wid = pixel_values.shape
        px = pixel_values.reshape(b * n, ch, hgt, wid)
        g, p = self.grid, self.patch
        m = pixel_attention_mask.reshape(b * n, g, p, g, p).to(torch.float32)
        keep = m.sum(dim=(2, 4)).reshape(b * n, g * g) > 0
        x = self.patch_embed(px).flatten(2).transpose(1, 2) + self.pos
        for blk in self.blocks:
            x = blk(x, keep)
        x = self.post_ln(x)
        # pixel shuffle: [N, g, g, h] -> [N, g/s, g/s, s*s*h]
        s = self.scale
        x = x.reshape(b * n, g // s, s, g // s, s, self.hidden)
        x = x.permute(0, 1, 3, 2, 4, 5).reshape(b * n, (g // s) * (g // s), s * s * self.hidden)
        return self.connector(x)


def init_weights(module, seed, std_embed=1.0, lm_head_gain=3.0):
    """Deterministic random weights with a spread that keeps greedy decoding away
    from near-ties (the goldens need clear argmax margins)."""
    gen = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, p in sorted(module.named_parameters()):
            if name.endswith("norm.weight") or ".ln" in name or name.startswith("ln") \
                    or "pre_ln" in name or "post_ln" in name:
                if name.endswith("weight"):
                    p.copy_(1.0 + 0.1 * torch.randn(p.shape, generator=gen))
                else:
                    p.copy_(0.05 * torch.randn(p.shape, generator=gen))
            elif name.endswith("bias"):
                p.copy_(0.02 * torch.randn(p.shape, generator=gen))
            elif "embed.weight" in name:
                p.copy_(std_embed * torch.randn(p.shape, generator=gen))
            elif name.endswith("pos"):
                p.copy_(0.5 * torch.randn(p.shape, generator=gen))
            elif "lm_head" in name:
                fan_in = p.shape[1]
                p.copy_(lm_head_gain / math.sqrt(fan_in) * torch.randn(p.shape, generator=gen))
            else:
                fan_in = p[0].numel()
                p.copy_(1.0 / math.sqrt(fan_in) * torch.randn(p.shape, generator=gen))
