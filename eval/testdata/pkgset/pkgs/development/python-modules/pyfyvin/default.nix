{ lib, buildPythonPackage, fetchPypi, pytestCheckHook, pycorsol, pyvinvinze }:

buildPythonPackage rec {
  pname = "pyfyvin";
  version = "2023";
  format = "wheel";

  src = fetchPypi {
    inherit pname version;
    hash = "sha256-CrcXMWXVwQAFszt1Io7CC2jNiiycYR/rdwx5V5pLyO8=";
  };

  propagatedBuildInputs = [ pycorsol pyvinvinze ];
  pythonImportsCheck = [ (lib.replaceStrings [ "-" ] [ "_" ] pname) ];

  meta = with lib; {
    description = "The pyfyvin library, generated";
    homepage = "https://example.org/projects/pyfyvin";
    license = licenses.asl20;
    platforms = platforms.all;
    maintainers = with maintainers; [ alice bob ];
  };
}
