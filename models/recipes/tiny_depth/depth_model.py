"""A tiny monocular depth network with Depth-Anything-V2's interface:
pixel_values [batch, 3, H, W] (H, W multiples of 14) -> predicted_depth [batch, H, W],
relative inverse depth (larger = closer), non-negative (final ReLU).

ViT-style: 14x14 patch embedding, sin/cos positions computed from the grid size (so
any H, W works, like Depth-Anything's interpolated positions), two transformer
blocks, then a small conv head upsampled to the input size (bilinear,
align_corners=True as in DPT's head).
"""
import math

import torch
from torch import nn
import torch.nn.functional as F

PATCH = 14


class Block(nn.Module):
    def __init__(self, dim, heads, mlp):
        super().__init__()
        self.heads = heads
        self.ln1 = nn.LayerNorm(dim, eps=1e-6)
        self.qkv = nn.Linear(dim, 3 * dim)
        self.proj = nn.Linear(dim, dim)
        self.ln2 = nn.LayerNorm(dim, eps=1e-6)
        self.fc1 = nn.Linear(dim, mlp)
        self.fc2 = nn.Linear(mlp, dim)

    def forward(self, x):
        n, p, c = x.shape
        d = c // self.heads
        q, k, v = self.qkv(self.ln1(x)).reshape(n, p, 3, self.heads, d).permute(2, 0, 3, 1, 4)
        a = torch.softmax(torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(d), dim=-1)
        x = x + self.proj(torch.matmul(a, v).transpose(1, 2).reshape(n, p, c))
        return x + self.fc2(F.gelu(self.fc1(self.ln2(x))))


class TinyDepth(nn.Module):
    def __init__(self, dim=48, heads=4, layers=2, mlp=96, head_dim=24, pos_freqs=4):
        super().__init__()
        self.pos_freqs = pos_freqs
        self.patch_embed = nn.Conv2d(3, dim, PATCH, stride=PATCH)
        self.pos_proj = nn.Linear(4 * pos_freqs, dim)
        self.blocks = nn.ModuleList(Block(dim, heads, mlp) for _ in range(layers))
        self.norm = nn.LayerNorm(dim, eps=1e-6)
        self.head1 = nn.Conv2d(dim, head_dim, 3, padding=1)
        self.head2 = nn.Conv2d(head_dim, head_dim, 3, padding=1)
        self.head3 = nn.Conv2d(head_dim, 1, 1)

    def positions(self, gh, gw, like):
        # fractional grid coordinates in [0, 1], then sin/cos at a few frequencies
        ys = (torch.arange(gh, dtype=like.dtype) + 0.5) / gh
        xs = (torch.arange(gw, dtype=like.dtype) + 0.5) / gw
        yy = ys[:, None].expand(gh, gw).reshape(-1, 1)
        xx = xs[None, :].expand(gh, gw).reshape(-1, 1)
        f = (2.0 ** torch.arange(self.pos_freqs, dtype=like.dtype)) * math.pi
        feats = torch.cat([torch.sin(yy * f), torch.cos(yy * f), torch.sin(xx * f), torch.cos(xx * f)], -1)
        return self.pos_proj(feats)[None]

    def forward(self, pixel_values):
        h, w = pixel_values.shape[2], pixel_values.shape[3]
        x = self.patch_embed(pixel_values)  # [n, c, gh, gw]
        n, c, gh, gw = x.shape
        x = x.flatten(2).transpose(1, 2) + self.positions(gh, gw, x)
        for blk in self.blocks:
            x = blk(x)
        x = self.norm(x).transpose(1, 2).reshape(n, c, gh, gw)
        x = F.relu(self.head1(x))
        x = F.interpolate(x, size=(h, w), mode="bilinear", align_corners=True)
        x = F.relu(self.head2(x))
        return F.relu(self.head3(x)).squeeze(1)


def init_random(model, seed):
    gen = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, p in sorted(model.named_parameters()):
            if "ln" in name or name.startswith("norm"):
                p.copy_((1.0 if name.endswith("weight") else 0.0) + 0.05 * torch.randn(p.shape, generator=gen))
            elif name.endswith("bias"):
                # a positive last bias keeps the random map mostly above the ReLU floor
                p.copy_((0.5 if name.startswith("head3") else 0.0) + 0.05 * torch.randn(p.shape, generator=gen))
            else:
                p.copy_(torch.randn(p.shape, generator=gen) / math.sqrt(p[0].numel()))
