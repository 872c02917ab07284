package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/types/known/emptypb"
)

// bailExitCode is what our exec launcher returns after it has already shown
// the user an actionable error; the engine then reports nothing further.
const bailExitCode = 32

// languageHost implements the parts of the LanguageRuntime service the engine
// calls for `pulumi up/preview/refresh/destroy` of a Python program.
type languageHost struct {
	pulumirpc.UnimplementedLanguageRuntimeServer

	mu                 sync.Mutex
	engineAddress      string
	execPath           string
	fallbackVirtualenv string
	fallbackRoot       string
	watch              *engineWatch
}

// Handshake records the engine address sent by engines that use it.
func (h *languageHost) Handshake(
	_ context.Context, req *pulumirpc.LanguageHandshakeRequest,
) (*pulumirpc.LanguageHandshakeResponse, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if req.GetEngineAddress() != "" {
		h.engineAddress = req.GetEngineAddress()
		h.watch.start(h.engineAddress)
	}
	return &pulumirpc.LanguageHandshakeResponse{}, nil
}

// GetPluginInfo reports the Pulumi release this host was built for.
func (h *languageHost) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: version}, nil
}

// GetRequiredPlugins is empty: dynamic providers need no plugin downloads.
func (h *languageHost) GetRequiredPlugins(
	context.Context, *pulumirpc.GetRequiredPluginsRequest,
) (*pulumirpc.GetRequiredPluginsResponse, error) {
	return &pulumirpc.GetRequiredPluginsResponse{}, nil
}

// GetRequiredPackages is empty for the same reason.
func (h *languageHost) GetRequiredPackages(
	context.Context, *pulumirpc.GetRequiredPackagesRequest,
) (*pulumirpc.GetRequiredPackagesResponse, error) {
	return &pulumirpc.GetRequiredPackagesResponse{}, nil
}

// RuntimeOptionsPrompts asks nothing: the runtime options live in Pulumi.yaml.
func (h *languageHost) RuntimeOptionsPrompts(
	context.Context, *pulumirpc.RuntimeOptionsRequest,
) (*pulumirpc.RuntimeOptionsResponse, error) {
	return &pulumirpc.RuntimeOptionsResponse{}, nil
}

// About names the interpreter programs run with.
func (h *languageHost) About(_ context.Context, req *pulumirpc.AboutRequest) (*pulumirpc.AboutResponse, error) {
	python := h.pythonFor(req.GetInfo())
	out, err := exec.Command(python, "--version").Output()
	if err != nil {
		return nil, fmt.Errorf("running %s --version: %w", python, err)
	}
	return &pulumirpc.AboutResponse{Executable: python, Version: strings.TrimSpace(string(out))}, nil
}

// GetProgramDependencies reports nothing; `pip list` in the venv is the truth.
func (h *languageHost) GetProgramDependencies(
	context.Context, *pulumirpc.GetProgramDependenciesRequest,
) (*pulumirpc.GetProgramDependenciesResponse, error) {
	return &pulumirpc.GetProgramDependenciesResponse{}, nil
}

// InstallDependencies does not install: `make up` owns the virtualenv. It only
// checks the virtualenv exists so `pulumi install` fails with a clear message.
func (h *languageHost) InstallDependencies(
	req *pulumirpc.InstallDependenciesRequest,
	stream grpc.ServerStreamingServer[pulumirpc.InstallDependenciesResponse],
) error {
	venv := h.virtualenvFor(req.GetInfo())
	if venv == "" {
		return nil
	}
	if _, err := os.Stat(filepath.Join(venv, "bin", "python")); err != nil {
		return fmt.Errorf("virtualenv %s is missing; run `make up` (or python3 -m venv %s)", venv, venv)
	}
	return stream.Send(&pulumirpc.InstallDependenciesResponse{
		Stdout: []byte("using virtualenv " + venv + "\n"),
	})
}

// Run executes the program with the exec launcher and the virtualenv's python.
func (h *languageHost) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	if venv := h.virtualenvFor(req.GetInfo()); venv != "" {
		if _, err := os.Stat(filepath.Join(venv, "bin", "python")); err != nil {
			return &pulumirpc.RunResponse{Error: fmt.Sprintf(
				"the virtualenv %s named in Pulumi.yaml does not exist; run `make up` to create it", venv)}, nil
		}
	}
	cmd, err := h.programCommand(ctx, req)
	if err != nil {
		return nil, err
	}
	cmd.Stdout = os.Stdout
	cmd.Stderr = os.Stderr
	// Its own process group, so losing the engine stops the program and its children.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err = cmd.Start(); err == nil {
		forget := h.watch.track(cmd)
		err = cmd.Wait()
		forget()
	}
	var exitErr *exec.ExitError
	switch {
	case err == nil:
		return &pulumirpc.RunResponse{}, nil
	case errors.As(err, &exitErr) && exitErr.ExitCode() == bailExitCode:
		return &pulumirpc.RunResponse{Bail: true}, nil
	case errors.As(err, &exitErr):
		return &pulumirpc.RunResponse{
			Error: fmt.Sprintf("Program exited with non-zero exit code: %d", exitErr.ExitCode()),
		}, nil
	default:
		return &pulumirpc.RunResponse{Error: fmt.Sprintf("could not run the Python program: %v", err)}, nil
	}
}

// programCommand builds the launcher command line and environment.
func (h *languageHost) programCommand(ctx context.Context, req *pulumirpc.RunRequest) (*exec.Cmd, error) {
	h.mu.Lock()
	engine := h.engineAddress
	h.mu.Unlock()

	configMap := req.GetConfig()
	if configMap == nil {
		configMap = map[string]string{} // the SDK wants an object, never JSON null
	}
	config, err := json.Marshal(configMap)
	if err != nil {
		return nil, fmt.Errorf("encoding config: %w", err)
	}
	secretKeys := req.GetConfigSecretKeys()
	if secretKeys == nil {
		secretKeys = []string{}
	}
	secrets, err := json.Marshal(secretKeys)
	if err != nil {
		return nil, fmt.Errorf("encoding secret config keys: %w", err)
	}

	args := []string{"-u", h.execPath,
		"--monitor", req.GetMonitorAddress(),
		"--engine", engine,
		"--project", req.GetProject(),
		"--stack", req.GetStack(),
		"--pwd", req.GetPwd(),
		"--dry_run", strconv.FormatBool(req.GetDryRun()),
		"--parallel", strconv.Itoa(int(req.GetParallel())),
	}
	if org := req.GetOrganization(); org != "" {
		args = append(args, "--organization", org)
	}
	if root := h.rootFor(req.GetInfo()); root != "" {
		args = append(args, "--root_directory", root)
	}
	program := req.GetProgram()
	if program == "" {
		program = "."
	}
	args = append(args, program)
	args = append(args, req.GetArgs()...)

	cmd := exec.CommandContext(ctx, h.pythonFor(req.GetInfo()), args...)
	cmd.Dir = req.GetPwd()
	cmd.Env = append(os.Environ(),
		"PULUMI_CONFIG="+string(config),
		"PULUMI_CONFIG_SECRET_KEYS="+string(secrets),
	)
	if venv := h.virtualenvFor(req.GetInfo()); venv != "" {
		cmd.Env = append(cmd.Env,
			"PULUMI_RUNTIME_VIRTUALENV="+venv,
			"VIRTUAL_ENV="+venv,
			"PATH="+filepath.Join(venv, "bin")+string(os.PathListSeparator)+os.Getenv("PATH"),
		)
	}
	return cmd, nil
}

// rootFor is the project root: from the request, else the -root flag.
func (h *languageHost) rootFor(info *pulumirpc.ProgramInfo) string {
	if root := info.GetRootDirectory(); root != "" {
		return root
	}
	return h.fallbackRoot
}

// virtualenvFor resolves runtime option `virtualenv` against the project root.
func (h *languageHost) virtualenvFor(info *pulumirpc.ProgramInfo) string {
	venv := h.fallbackVirtualenv
	if v, ok := info.GetOptions().GetFields()["virtualenv"]; ok && v.GetStringValue() != "" {
		venv = v.GetStringValue()
	}
	if venv == "" {
		return ""
	}
	if !filepath.IsAbs(venv) {
		root := h.rootFor(info)
		if root == "" {
			root, _ = os.Getwd()
		}
		venv = filepath.Join(root, venv)
	}
	return filepath.Clean(venv)
}

// pythonFor picks the virtualenv's python, else PULUMI_PYTHON_CMD or python3.
func (h *languageHost) pythonFor(info *pulumirpc.ProgramInfo) string {
	if venv := h.virtualenvFor(info); venv != "" {
		return filepath.Join(venv, "bin", "python")
	}
	if cmd := os.Getenv("PULUMI_PYTHON_CMD"); cmd != "" {
		return cmd
	}
	return "python3"
}

// execLauncherPath is pulumi-language-python-exec next to this binary
// (symlinks resolved, so a linked host still finds its launcher).
func execLauncherPath(exe string) string {
	if resolved, err := filepath.EvalSymlinks(exe); err == nil {
		exe = resolved
	}
	return filepath.Join(filepath.Dir(exe), "pulumi-language-python-exec")
}
