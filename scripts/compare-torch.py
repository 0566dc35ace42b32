"""Computes the ST-DIM loss and gradients with PyTorch for the comparison
driven by compare-torch.ts.

Reads <dir>/checkpoint.safetensors and <dir>/frames.bin (framesT then
framesPrev, uint8), builds the reference's full-size NatureCNN and heads in
PyTorch, runs the reference's loss (a Python loop over the 11x8 positions,
one cross-entropy each) in the requested dtype and writes
<dir>/torch-gradients.safetensors and a JSON line with the losses.
"""
import json
import struct
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

DTYPES = {"F32": np.float32, "F64": np.float64}


def read_safetensors(path):
    with open(path, "rb") as f:
        data = f.read()
    (header_length,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8 : 8 + header_length])
    header.pop("__metadata__", None)
    base = 8 + header_length
    out = {}
    for name, entry in header.items():
        begin, end = entry["data_offsets"]
        values = np.frombuffer(data[base + begin : base + end], dtype=DTYPES[entry["dtype"]])
        out[name] = torch.from_numpy(values.reshape(entry["shape"]).copy())
    return out


def write_safetensors(path, tensors):
    header, chunks, offset = {}, [], 0
    for name, tensor in tensors.items():
        raw = tensor.detach().cpu().to(torch.float32).contiguous().numpy().tobytes()
        header[name] = {"dtype": "F32", "shape": list(tensor.shape), "data_offsets": [offset, offset + len(raw)]}
        chunks.append(raw)
        offset += len(raw)
    text = json.dumps(header).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(chunks))


def nature_cnn(feature_size):
    # Module indices match the reference's nn.Sequential: main.0 ... main.9.
    return nn.Sequential(
        nn.Conv2d(1, 32, 8, stride=4), nn.ReLU(),
        nn.Conv2d(32, 64, 4, stride=2), nn.ReLU(),
        nn.Conv2d(64, 128, 4, stride=2), nn.ReLU(),
        nn.Conv2d(128, 64, 3, stride=1), nn.ReLU(),
        nn.Flatten(), nn.Linear(64 * 9 * 6, feature_size),
    )


def stdim_loss(main, classifier1, classifier2, x_t, x_prev):
    local_t = main[:6](x_t)
    global_t = main[6:](local_t)
    local_prev = main[:6](x_prev).permute(0, 2, 3, 1)
    local_t = local_t.permute(0, 2, 3, 1)
    n, sy, sx = global_t.size(0), local_prev.size(1), local_prev.size(2)
    targets = torch.arange(n)
    loss1 = 0.0
    for y in range(sy):
        for x in range(sx):
            logits = classifier1(global_t) @ local_prev[:, y, x, :].t()
            loss1 = loss1 + F.cross_entropy(logits, targets)
    loss1 = loss1 / (sx * sy)
    loss2 = 0.0
    for y in range(sy):
        for x in range(sx):
            logits = classifier2(local_t[:, y, x, :]) @ local_prev[:, y, x, :].t()
            loss2 = loss2 + F.cross_entropy(logits, targets)
    loss2 = loss2 / (sx * sy)
    return loss1, loss2


def main():
    directory, dtype_name = sys.argv[1], sys.argv[2]
    dtype = {"float32": torch.float32, "float64": torch.float64}[dtype_name]
    state = read_safetensors(f"{directory}/checkpoint.safetensors")
    feature_size = state["main.9.weight"].shape[0]
    encoder = nature_cnn(feature_size)
    classifier1 = nn.Linear(feature_size, 128)
    classifier2 = nn.Linear(128, 128)
    encoder.load_state_dict({k[5:]: v for k, v in state.items() if k.startswith("main.")})
    classifier1.load_state_dict({k[12:]: v for k, v in state.items() if k.startswith("classifier1.")})
    classifier2.load_state_dict({k[12:]: v for k, v in state.items() if k.startswith("classifier2.")})
    modules = {"main": encoder, "classifier1": classifier1, "classifier2": classifier2}
    for module in modules.values():
        module.to(dtype)

    frames = np.fromfile(f"{directory}/frames.bin", dtype=np.uint8)
    pairs = frames.reshape(2, -1, 1, 210, 160)
    x_t = torch.from_numpy(pairs[0].copy()).to(dtype) / 255.0
    x_prev = torch.from_numpy(pairs[1].copy()).to(dtype) / 255.0
    loss1, loss2 = stdim_loss(encoder, classifier1, classifier2, x_t, x_prev)
    loss = loss1 + loss2
    loss.backward()
    gradients = {}
    for prefix, module in modules.items():
        for name, parameter in module.named_parameters():
            gradients[f"{prefix}.{name}"] = parameter.grad
    write_safetensors(f"{directory}/torch-gradients.safetensors", gradients)
    print(json.dumps({"loss": loss.item(), "loss1": loss1.item(), "loss2": loss2.item(), "torch": torch.__version__}))


if __name__ == "__main__":
    main()
