{ lib, buildPythonPackage, fetchPypi, pytestCheckHook, pyquibel }:

buildPythonPackage rec {
  pname = "pysenzelo";
  version = "3.3.33";
  format = "pyproject";

  src = fetchPypi {
    inherit pname version;
    sha256 = "0wna5m81vhln558241a5nkfbk7m08m0xpgdrm6fid8vsvfyyz27s";
  };

  nativeBuildInputs = [ pytestCheckHook ];
  propagatedBuildInputs = [ pyquibel ];
  pythonImportsCheck = [ (lib.replaceStrings [ "-" ] [ "_" ] pname) ];

  meta = with lib; {
    description = "The pysenzelo library, generated";
    homepage = "https://example.org/projects/pysenzelo";
    license = licenses.zlib;
    platforms = platforms.unix;
    maintainers = with maintainers; [ carol dave ];
  };
}
