// What server-config/container/Dockerfile puts in the image, read from the Dockerfile itself:
// which repository files each path in the image holds (COPY, and the RUN that joins two files),
// its JVM_ARGS, exposed ports and CMD. Used by checks.mjs and pods.mjs.
import fs from "node:fs";
import path from "node:path";
import { DockerfileParser } from "dockerfile-ast";

export function readImage(root) {
  const text = fs.readFileSync(path.join(root, "server-config/container/Dockerfile"), "utf8");
  const dockerfile = DockerfileParser.parse(text);
  const files = new Map(); // path in the image -> the repository files it is made of, in order
  const copied = [];
  for (const i of dockerfile.getInstructions()) {
    if (i.getKeyword() === "COPY") {
      const args = i.getArguments().map((a) => a.getValue());
      const dest = args.pop();
      for (const src of args) {
        copied.push(src);
        files.set(dest.endsWith("/") ? dest + path.basename(src) : dest, [src]);
      }
    }
    if (i.getKeyword() === "RUN") {
      const m = /^cat ((?:\S+ )+)> (\S+)$/.exec(i.getArgumentsContent().replace(/\s+/g, " ").trim());
      if (m) files.set(m[2], m[1].trim().split(" ").flatMap((f) => files.get(f) ?? [`(not in the image) ${f}`]));
    }
  }
  const from = dockerfile.getFROMs()[0];
  const env = Object.fromEntries(dockerfile.getENVs().flatMap((e) => e.getProperties()).map((p) => [p.getName(), p.getValue()]));
  return {
    text,
    from: `${from?.getImageName()}:${from?.getImageTag()}`,
    files,
    copied,
    jvmArgs: env.JVM_ARGS ?? "",
    exposed: dockerfile.getInstructions().filter((i) => i.getKeyword() === "EXPOSE")
      .flatMap((i) => i.getArguments().map((a) => Number(a.getValue()))),
    cmd: JSON.parse(dockerfile.getCMDs()[0].getArgumentsContent()),
    // The content of a file in the image.
    content: (file) => (files.get(file) ?? []).map((src) => fs.readFileSync(path.join(root, src), "utf8")).join("\n"),
  };
}

// The value after a Payara Micro option in an argument list.
export function option(args, name) {
  const i = args.indexOf(name);
  return i < 0 ? undefined : args[i + 1];
}
